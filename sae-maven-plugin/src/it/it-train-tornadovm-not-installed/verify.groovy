String log = new File(basedir, 'build.log').text
String argFile = new File(basedir, 'no-tornadovm/tornado-argfile').canonicalPath

assert log.contains('BUILD FAILURE')
assert log.contains('sae:train: backend tornadovm needs a TornadoVM installation, but the TornadoVM home ')
assert log.contains("${argFile} is missing")
assert log.contains('see tornado-kernels/tornadovm/README.md')
assert !new File(basedir, 'target/sae/it-train-tornadovm-not-installed/train.log').exists() : 'nothing may be forked'
return true
