package dev.chirp.deploy;

/** How clients reach a running stack's engines. */
public record Endpoints(int cassandraPort, String neo4jUri, String pulsarUrl, String pulsarAdminUrl, String redisUri) {
  public String cassandraContactPoint() {
    return "127.0.0.1:" + cassandraPort;
  }
}
