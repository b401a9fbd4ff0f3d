package dev.chirp.store.timelines;

import dev.chirp.common.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedisOutageRepliesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "LOADING Redis is loading the dataset in memory",
      "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
      "NOREPLICAS Not enough good replicas to write.",
      "OOM command not allowed when used memory > 'maxmemory'.",
      "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
      "READONLY You can't write against a read only replica.",
      "ERR Error running script (call to f_1b2c): @user_script:9: @user_script: 9: -NOREPLICAS Not enough good replicas to write.",
      "ERR Error running script (call to f_1b2c): @user_script:4: @user_script: 4: -OOM command not allowed when used memory > 'maxmemory'."})
  void repliesThatMeanRedisCannotServeNowAreOutages(String reply) {
    assertThat(RedisTimelines.isOutage(reply)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "WRONGTYPE Operation against a key holding the wrong kind of value",
      "NOSCRIPT No matching script. Please use EVAL.",
      "ERR Error running script (call to f_1b2c): @user_script:3: user_script:3: attempt to compare nil with number",
      "ERR wrong number of arguments for 'lpush' command"})
  void repliesThatMeanTheCommandIsWrongAreNot(String reply) {
    assertThat(RedisTimelines.isOutage(reply)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
      "NOREPLICAS Not enough good replicas to write.",
      "READONLY You can't write against a read only replica.",
      "ERR Error running script (call to f_1b2c): @user_script:9: @user_script: 9: -NOREPLICAS Not enough good replicas to write.",
      "ERR Error running script (call to f_1b2c): @user_script:4: @user_script: 4: -OOM command not allowed when used memory > 'maxmemory'."})
  void repliesThatRefuseOnlyWritesLetReadsGoOnWithoutRenewing(String reply) {
    assertThat(RedisTimelines.refusesWrites(ApiException.unavailable("redis", new IllegalStateException(reply)))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "LOADING Redis is loading the dataset in memory",
      "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
      "WRONGTYPE Operation against a key holding the wrong kind of value",
      "Connection refused: localhost/127.0.0.1:6379"})
  void repliesThatStopReadsTooDoNot(String reply) {
    assertThat(RedisTimelines.refusesWrites(ApiException.unavailable("redis", new IllegalStateException(reply)))).isFalse();
  }
}
