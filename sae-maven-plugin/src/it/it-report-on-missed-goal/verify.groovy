String log = new File(basedir, 'build.log').text
File run = new File(basedir, 'target/sae/it-report-on-missed-goal')

// The report was written before the goals were checked, and the build still failed on the missed goal.
assert log =~ /(?m)^\[INFO\] report of it-report-on-missed-goal: .*report\/index\.html \(\d+ feature pages, [\d.]+ s\)$/
assert log.indexOf('report of it-report-on-missed-goal') < log.indexOf('Experiment it-report-on-missed-goal missed')
assert log.contains('BUILD FAILURE')
assert log.contains('org.apache.maven.plugin.MojoFailureException: Experiment it-report-on-missed-goal missed 1 of 3 goals')
// The fork ran the report command on the run directory.
assert new File(run, 'report.log').text.contains('report of it-report-on-missed-goal')
String index = new File(run, 'report/index.html').text
assert index.contains('<td>l0</td>')
assert index.contains('<td>FAIL</td>')
assert index.contains('missed')
assert new File(run, 'report/features.html').isFile()
assert new File(run, 'features.jsonl').readLines().size() == 64
assert new File(run, 'checkpoint/sparsity.safetensors').isFile()
return true
