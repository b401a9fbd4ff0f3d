package dev.chirp.deploy;

import java.io.IOException;
import java.net.ServerSocket;

final class EntryRoutesTestPorts {
  private EntryRoutesTestPorts() {}

  /** A port nothing listens on (just released). */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
