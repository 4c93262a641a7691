String log = new File(basedir, 'build.log').text
File run = new File(basedir, 'target/sae/it-check-quiet')

// -q hides Maven's INFO lines, but not the goals table: it is what sae:check produces.
assert !log.contains('[INFO]')
assert log =~ /(?m)^metric\s+goal\s+value\s+result$/
assert log =~ /(?m)^varianceExplained\s+>= 0\.500\s+0\.\d+\s+PASS$/
assert log =~ /(?m)^l0\s+<= 64\.0\s+\d+\.\d+\s+PASS$/

// The forked goals of one build hash the data set once: train and evaluate find it verified by generate.
['train', 'evaluate'].each {
  String forkLog = new File(run, "${it}.log").text
  assert forkLog =~ /verified earlier in this build/ : "${it}.log"
}
assert !(new File(run, 'generate.log').text =~ /verified earlier in this build/)
return true
