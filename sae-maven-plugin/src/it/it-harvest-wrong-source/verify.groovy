String log = new File(basedir, 'build.log').text
String file = new File(basedir, 'experiment.yaml').canonicalPath

assert log.contains('BUILD FAILURE')
assert log.contains("sae:harvest: ${file} has data.source synthetic, but sae:harvest needs data.source: harvest;"
    + ' use sae:generate for it')
assert !new File(basedir, 'target/sae').exists() : 'nothing may be forked'
return true
