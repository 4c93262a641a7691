String log = new File(basedir, 'build.log').text
String file = new File(basedir, 'experiment.yaml').canonicalPath

assert log.contains('BUILD FAILURE')
// The file, the line and column of the key, the key path, and what is allowed.
assert log =~ /sae:train: invalid descriptor \Q${file}\E:20:3: training\.learningRate: unknown key; allowed keys in training: batchSize, lr, /
assert !new File(basedir, 'target/sae/it-train-bad-descriptor/train.log').exists() : 'nothing may be forked'
return true
