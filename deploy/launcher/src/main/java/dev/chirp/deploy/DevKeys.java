package dev.chirp.deploy;

import dev.chirp.common.auth.RsaPem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Local-dev JWT signing keys, made once per data directory and never committed. */
public final class DevKeys {
  public static final String PRIVATE_KEY = "jwt-private.pem";
  public static final String PUBLIC_KEY = "jwt-public.pem";

  private DevKeys() {
  }

  public static void ensure(Path keysDir) throws IOException {
    Path privateKey = keysDir.resolve(PRIVATE_KEY);
    Path publicKey = keysDir.resolve(PUBLIC_KEY);
    if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) return;
    Files.createDirectories(keysDir);
    RsaPem keys = RsaPem.generate();
    Files.writeString(privateKey, keys.privateKeyPem());
    Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(publicKey, keys.publicKeyPem());
  }
}
