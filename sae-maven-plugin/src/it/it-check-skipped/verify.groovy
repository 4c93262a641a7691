String log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert log.findAll(/\[INFO\] Skipping sae4j: sae.skip is set/).size() == 4
assert !new File(basedir, 'target/sae').exists()
return true
