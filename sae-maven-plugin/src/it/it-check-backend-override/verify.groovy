// What it-check-passes checks of a passing build is not repeated here: only what the backend override changes.
import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').text
File run = new File(basedir, 'target/sae/it-check-backend-override')

assert log.contains('BUILD SUCCESS')
// Trained under the override (the descriptor names no backend, so its hash differs from the plain descriptor's) ...
assert new File(run, 'train.log').readLines()[0].contains('--backend jvm')
assert new JsonSlurper().parse(new File(run, 'run.json')).status == 'complete'
// ... and checked under it: the check accepts the run instead of calling it stale.
assert !log.contains('trained from another version')
assert log =~ /(?m)^\[INFO\] varianceExplained\s+>= 0\.500\s+0\.\d+\s+PASS$/
assert log.contains('[INFO] Experiment it-check-backend-override met all 2 goals.')
return true
