package dev.chirp.common.engines;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/** A TLS context that trusts the CA certificates of one PEM file (a mounted Secret), for clients that need one. */
public final class TlsTrust {
  private TlsTrust() {
  }

  public static SSLContext trusting(Path caPemFile) {
    try (InputStream in = Files.newInputStream(caPemFile)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) throw new IllegalArgumentException("no certificate in " + caPemFile);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CA file " + caPemFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a usable CA certificate file: " + caPemFile, e);
    }
  }
}
