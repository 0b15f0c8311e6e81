package io.hatchet4j.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the peers live, and the check that they are installed. */
final class Peers {
  static final String INSTALL_HINT = "the official SDK peers are not installed: run 'bash interop/install.sh' "
      + "(npm ci in interop/ts, a venv with interop/python/requirements.lock in interop/python/.venv)";

  private Peers() {}

  static Path interopDir() {
    return Path.of(System.getProperty("interop.dir", ".")).toAbsolutePath();
  }

  static Path dir(Lang lang) {
    return interopDir().resolve(lang == Lang.TYPESCRIPT ? "ts" : "python");
  }

  static Path logDir() {
    return Path.of(System.getProperty("interop.logs", "target/interop-logs"));
  }

  /**
   * Fails the calling test (or class) when the peers are missing and the variable {@code CI} is set;
   * otherwise skips it. Either way the message says how to install them.
   */
  static void requireInstalled() {
    boolean installed = Files.isDirectory(dir(Lang.TYPESCRIPT).resolve("node_modules/@hatchet-dev/typescript-sdk"))
        && Files.isExecutable(dir(Lang.PYTHON).resolve(".venv/bin/python"));
    if (installed) {
      return;
    }
    if (System.getenv("CI") != null) {
      fail(INSTALL_HINT);
    }
    assumeTrue(false, INSTALL_HINT);
  }
}
