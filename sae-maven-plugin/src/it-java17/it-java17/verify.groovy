import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').text
File run = new File(basedir, 'target/sae/it-java17')

assert log.contains('BUILD SUCCESS')
// Maven and so the mojos ran on Java 17; the engine ran on a Java 25 the plugin found by itself.
assert log =~ /(?m)^Java version: 17\./
assert log =~ /\[INFO\] sae:train: the engine runs on \S+ \(Java 2[5-9][^,]*, from [^)]+\); Maven runs on Java 17\./
assert log.contains('[INFO] sae:train: running it-java17 in a forked JVM (2 threads)')

// Only what arrow data needs: no PyTorch, tokenizers or model jars, and a class path of about 20 MB, not 400.
def size = log =~ /\[INFO\] sae:train: engine class path: (\d+) jars, ([\d.]+) MB, without the harvest dependencies/
assert size.find()
assert (size.group(2) as double) < 40
['train', 'evaluate'].each {
  List<String> lines = new File(run, "${it}.log").readLines()
  assert lines[1].startsWith('# class path: ')
  List<String> jars = lines[1].substring('# class path: '.length()).split(File.pathSeparator) as List
  assert jars.any { it.contains('sae-core') } && jars.any { it.contains('model-harvest') }
  jars.each { jar ->
    assert !(jar =~ /pytorch|langchain4j|tokenizers|ai[\/\\]djl|tribuo/) : "${it}.log class path has ${jar}"
  }
}

def json = new JsonSlurper().parse(new File(run, 'run.json'))
assert json.status == 'complete'
assert json.data.rows == 60
assert log =~ /(?m)^\[INFO\] l0\s+<= 16\.0\s+\d+\.\d+\s+PASS$/
assert log.contains('[INFO] Experiment it-java17 met all 1 goals.')
return true
