package dev.chirp.deploy.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The command line of a child JVM (an engine, on the classpath its deploy/engines module built, or a service),
 * heap flags, and AppCDS. With AppCDS on, the first run records the classes it loaded
 * into an archive when it exits; later runs map that archive and start in about half the CPU time.
 */
public final class JavaCommand {
  private final String name;
  private final String classpath;
  private final List<String> jvmOptions = new ArrayList<>();
  private final String mainClass;
  private final List<String> arguments = new ArrayList<>();

  private JavaCommand(String name, String classpath, String mainClass) {
    this.name = name;
    this.classpath = classpath;
    this.mainClass = mainClass;
  }

  /** An engine, on the classpath its deploy/engines module recorded. */
  public static JavaCommand engine(String engine, String mainClass) {
    return new JavaCommand(engine, classpath(engine), mainClass);
  }

  /** Any other JVM; AppCDS needs {@code classpath} to hold jars only. */
  public static JavaCommand of(String name, String classpath, String mainClass) {
    return new JavaCommand(name, classpath, mainClass);
  }

  public JavaCommand jvm(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  public JavaCommand args(String... args) {
    arguments.addAll(List.of(args));
    return this;
  }

  public List<String> build(EngineSettings settings) {
    List<String> command = new ArrayList<>();
    command.add(settings.javaBinary());
    command.addAll(jvmOptions);
    if (settings.appCds()) command.add(cdsOption(settings.cdsDir(), classpath, settings.javaBinary()));
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(arguments);
    return command;
  }

  /** Maps the archive when there is one; otherwise asks this run to write it at exit. */
  private String cdsOption(Path cdsDir, String classpath, String javaBinary) {
    Path archive = cdsDir.resolve(name + "-" + digest(javaBinary + System.getProperty("java.version") + classpath) + ".jsa");
    try {
      Files.createDirectories(cdsDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive;
  }

  /** The engine's runtime classpath, written as a resource of its deploy/engines module at build time. */
  static String classpath(String engine) {
    String resource = "chirp/engines/" + engine + ".classpath";
    try (InputStream in = JavaCommand.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("no " + resource + " on the classpath: build with mvn package first");
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      String missing = List.of(classpath.split(java.io.File.pathSeparator)).stream()
          .filter(jar -> !Files.isRegularFile(Path.of(jar))).findFirst().orElse(null);
      if (missing != null) {
        throw new IllegalStateException(engine + " jar " + missing + " is missing: run mvn package again to fetch it");
      }
      return classpath;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
