import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').text
File sweep = new File(basedir, 'target/sae/it-sweep')

assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] sae:train: nothing to do, ') && log.contains('is a sweep (sae:sweep runs its points)')
assert log.contains('[INFO] sae:sweep: running it-sweep in a forked JVM (2 threads)')
assert log =~ /sweep it-sweep: 4 points, 0 already complete and verified \(skipped\), 4 to run/
assert log =~ /sweep it-sweep: point f32-t8192 done \| \d\/4 points complete/

def json = new JsonSlurper().parse(new File(sweep, 'sweep.json'))
assert json.name == 'it-sweep'
assert json.points.size() == 4
assert json.points.every { it.compute > 0 && it.loss > 0 && it.checkpointSha256.size() == 64 }
assert json.fits.frontier.points >= 2
assert new File(sweep, 'sweep.md').text.contains('| f16-t4096 |')
assert new File(sweep, 'points/f16-t4096/run.json').isFile()

assert log =~ /(?m)^\[INFO\] fit\.frontier\.points\s+>= 2\.00\s+\d\.00\s+PASS$/
assert log =~ /(?m)^\[INFO\] everyPoint\.deadFraction\s+<= 1\.00\s+\S+\s+PASS$/
assert log.contains('[INFO] Sweep it-sweep met all 2 goals.')
return true
