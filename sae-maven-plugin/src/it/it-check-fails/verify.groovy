String log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
assert log =~ /(?m)^\[INFO\] varianceExplained\s+>= 0\.99999\s+0\.\d+\s+FAIL$/
assert log =~ /(?m)^\[INFO\] l0\s+<= 0\.500\s+\d+\.\d+\s+FAIL$/
assert log =~ /(?m)^\[INFO\] deadFraction\s+<= 1\.00\s+0\.\d+\s+PASS$/
assert log =~ /(?m)^\[WARNING\] it-check-fails: variance explained is 0\.\d{5,}, but expected minimum is 0\.99999$/
assert log =~ /(?m)^\[WARNING\] it-check-fails: L0 is \d+\.\d{3,}, but expected maximum is 0\.500$/
assert !log.contains('[WARNING] it-check-fails: dead fraction')
assert log.contains('Experiment it-check-fails missed 2 of 3 goals; see the table above')
// A missed goal is a build failure (MojoFailureException), not an error of the plugin.
assert log.contains('org.apache.maven.plugin.MojoFailureException: Experiment it-check-fails missed 2 of 3 goals')
return true
