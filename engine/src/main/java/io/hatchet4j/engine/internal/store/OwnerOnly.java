package io.hatchet4j.engine.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes the engine's files readable and writable by their owner only (mode 0600): the database
 * holds the token signing secret, and anyone who reads it can mint tokens.
 *
 * <p>Not public API. On file systems without POSIX permissions (Windows) it does nothing.
 */
public final class OwnerOnly {
  private static final Set<PosixFilePermission> RW_OWNER = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /**
   * Creates the file empty with mode 0600 if it does not exist, else sets its mode to 0600.
   *
   * @throws UncheckedIOException if the file cannot be created or its mode cannot be set
   */
  public static void prepare(Path file) {
    if (Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class) == null) {
      return;
    }
    try {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(RW_OWNER));
      } catch (FileAlreadyExistsException e) {
        // An existing file, perhaps made 0644 by an older engine: tightened below.
      }
      if (!Files.getPosixFilePermissions(file).equals(RW_OWNER)) {
        Files.setPosixFilePermissions(file, RW_OWNER);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict " + file + " to its owner: " + e.getMessage(), e);
    }
  }
}
