package dev.chirp.deploy.engine;

import java.nio.file.Path;

/** What every engine needs to know besides its ports: which java runs it and whether AppCDS is used. */
public record EngineSettings(String javaBinary, boolean appCds, Path cdsDir) {
  public static EngineSettings defaults(boolean appCds) {
    String javaHome = System.getProperty("java.home");
    String cache = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
    Path cdsDir = Path.of(System.getenv().getOrDefault("CHIRP_CDS_DIR", cache + "/chirp/cds"));
    return new EngineSettings(Path.of(javaHome, "bin", "java").toString(), appCds, cdsDir);
  }
}
