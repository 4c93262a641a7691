String log = new File(basedir, 'build.log').text
String file = new File(basedir, 'experiment.yaml').canonicalPath

assert log.contains('BUILD FAILURE')
// Rejected by the first goal's describe fork, before generate runs: the file, the line and column of the key, the key path, the
// suggestion and what is allowed.
assert log =~ /sae:generate: invalid descriptor \Q${file}\E:5:3: data\.model: unknown model 'all-minilm-l6'; did you mean all-minilm-l6-v2\? allowed: all-minilm-l6-v2, bge-small-en-v15, e5-small-v2/
assert !log.contains('forked JVM') : 'only describe may run'
assert !new File(basedir, 'target/sae').exists() : 'no run directory and no data set may be written'
return true
