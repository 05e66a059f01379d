/**
 * Adapter ring, Java 22 and later: the POSIX backend of the filesystem ports on Linux, which works
 * by file descriptor through the JDK's foreign function API ({@code java.lang.foreign}). It holds a
 * directory's descriptor and acts relative to it ({@code openat}, {@code linkat}, {@code renameat},
 * {@code unlinkat}, {@code fsync}), opens files with {@code O_NOFOLLOW | O_NONBLOCK} and checks
 * what it opened with {@code statx} on the same descriptor, and creates new files as anonymous
 * inodes ({@code O_TMPFILE}) that get a name only once complete.
 *
 * <p>Only {@link io.backupsidecar.adapter.fs.posix.PosixBackend} is public; it is found by {@code
 * io.backupsidecar.adapter.fs.FsBackend} by name, so the Java 17 baseline never links against this
 * package. {@link io.backupsidecar.adapter.fs.posix.Libc} is the one class that holds native
 * handles; no raw descriptor leaves this package.
 */
package io.backupsidecar.adapter.fs.posix;
