import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').text
File run = new File(basedir, 'target/sae/it-check-backend-override')

assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] sae:train: running it-check-backend-override in a forked JVM (2 threads)')

def json = new JsonSlurper().parse(new File(run, 'run.json'))
assert json.name == 'it-check-backend-override'
assert json.status == 'complete'
assert json.backend == 'jvm'
['mse', 'varianceExplained', 'l0', 'l1', 'deadFraction', 'denseFraction', 'shrinkage'].each {
  assert json.metrics[it] instanceof Number : "run.json metrics.${it}"
}
assert json.metrics.featureRecovery.mmcs instanceof Number
assert json.metrics.featureRecovery.recoveredAt09 instanceof Number

assert log =~ /(?m)^\[INFO\] metric\s+goal\s+value\s+result$/
assert log =~ /(?m)^\[INFO\] varianceExplained\s+>= 0\.500\s+0\.\d+\s+PASS$/
assert log =~ /(?m)^\[INFO\] l0\s+<= 64\.0\s+\d+\.\d+\s+PASS$/
assert log.contains('[INFO] Experiment it-check-backend-override met all 2 goals.')
assert !log.contains('[WARNING] it-check-backend-override:')

assert new File(run, 'checkpoint/sae_weights.safetensors').length() > 0
assert new File(run, 'checkpoint/cfg.json').isFile()
['generate', 'train', 'evaluate'].each {
  File forkLog = new File(run, "${it}.log")
  assert forkLog.isFile() : "${it}.log"
  assert forkLog.readLines()[0].startsWith('# ') && forkLog.readLines()[0].contains("org.sae4j.core.cli.Main ${it}")
  assert !new File(run, "${it}.log.partial").exists()
}
return true
