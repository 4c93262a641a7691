String log = new File(basedir, 'build.log').text
String missing = new File(basedir, 'target/sae/never-trained').canonicalPath

assert log.contains('BUILD FAILURE')
assert log.contains("sae:reproduce: ${missing} is not a run directory: it does not exist; run sae:train first or"
    + ' pass -Dsae.run=<a directory sae:train wrote>')
assert !new File(basedir, 'target/sae').exists() : 'nothing may be forked or written'
return true
