import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').text
File out = new File(basedir, 'target/sae')
File run = new File(out, 'it-reproduce')
File reproduced = new File(out, '.reproduce/it-reproduce')

assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] sae:reproduce: running it-reproduce in a forked JVM (2 threads)')
assert log.contains("[INFO] descriptor hash matches run.json: ")
['cfg.json', 'sae_weights.safetensors', 'training_state.safetensors'].each {
  assert log =~ /(?m)^\[INFO\] checkpoint\/${it} has the SHA-256 run\.json records: [0-9a-f]{64}$/
}
assert log =~ /(?m)^\[INFO\] data fingerprint matches run\.json: [0-9a-f]{64}$/
assert log.contains("[INFO] retraining on the jvm backend into ${reproduced.canonicalPath}")
assert log =~ /(?m)^\[INFO\]   vectorBits +(\d+) \| \1$/
assert log.contains("[INFO] bit-identical: every tensor of training_state.safetensors and sae_weights.safetensors"
    + " in ${reproduced.canonicalPath} equals the recorded one")
assert !log.contains('[WARNING] checkpoint/')

// The fork ran `reproduce --run <run directory>`, logged beside the run; the run itself is untouched.
List<String> forkLog = new File(run, 'reproduce.log').readLines()
assert forkLog[0].startsWith('# ') && forkLog[0].contains("org.sae4j.core.cli.Main reproduce --run ${run.canonicalPath}"
    + ' --threads 2')
def recorded = new JsonSlurper().parse(new File(run, 'run.json'))
def again = new JsonSlurper().parse(new File(reproduced, 'run.json'))
assert again.checkpoint.sha256 == recorded.checkpoint.sha256
assert again.backend == 'jvm'
return true
