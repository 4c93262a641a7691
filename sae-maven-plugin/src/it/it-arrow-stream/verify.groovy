import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').text
File run = new File(basedir, 'target/sae/it-arrow-stream')
assert log.contains('BUILD SUCCESS')

def json = new JsonSlurper().parse(new File(run, 'run.json'))
assert json.status == 'complete'
// 12 contexts of 6 positions without position 0 (BOS): 60 token rows, 12 of them held out.
assert json.data.rows == 60
assert json.data.evalRows == 12
assert json.metrics.mse instanceof Number

String train = new File(run, 'train.log').text
assert train.contains('Arrow IPC stream, one sequence of vectors per row of column \'blocks.0.hook_resid_post\', token ids from \'token_ids\'')
// evaluate finds the data decoded and verified by train, and does not hash it again.
assert new File(run, 'evaluate.log').text =~ /verified earlier in this build/
return true
