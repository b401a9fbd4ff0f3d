package dev.chirp.deploy.engine;

import dev.chirp.deploy.PortPlan;

/** An engine on this machine: its name, the port clients use and the URL scheme they use it with. */
abstract class LocalEngine implements Component {
  protected final PortPlan ports;
  protected final EngineSettings settings;
  private final String name;
  private final String mainPortName;
  private final String scheme;

  LocalEngine(String name, String mainPortName, String scheme, PortPlan ports, EngineSettings settings) {
    this.name = name;
    this.mainPortName = mainPortName;
    this.scheme = scheme;
    this.ports = ports;
    this.settings = settings;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int mainPort() {
    return ports.port(mainPortName);
  }

  @Override
  public final String url() {
    return scheme + "://127.0.0.1:" + mainPort();
  }
}
