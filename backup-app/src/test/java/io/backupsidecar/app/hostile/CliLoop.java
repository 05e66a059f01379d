package io.backupsidecar.app.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.backupsidecar.app.cli.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.time.Clock;
import java.util.Base64;

/**
 * The command line as {@code bin/backup} runs it (its own JVM, the default file system, the
 * native-access flag on JDK 22+), but many commands per JVM so that hundreds of rounds fit in a
 * test: one command per stdin line (arguments separated by tabs), one result line per command on
 * stdout, {@code @@RESULT exit base64(stdout) base64(stderr)}. Other stdout lines (an {@code
 * exec}'s command inherits this stdout) are to be ignored by the reader.
 */
public final class CliLoop {
  /** The prefix of a result line. */
  static final String RESULT = "@@RESULT ";

  private CliLoop() {}

  /** Reads commands until end of input or a line {@code quit}. */
  public static void main(String[] args) throws Exception {
    PrintStream reply = new PrintStream(System.out, true, UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
    Base64.Encoder b64 = Base64.getEncoder();
    for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit;
      try (PrintWriter o = new PrintWriter(out);
          PrintWriter e = new PrintWriter(err)) {
        exit =
            new Cli(FileSystems.getDefault(), Clock.systemUTC(), o, e, false)
                .run(line.split("\t", -1));
      } catch (RuntimeException | Error e) {
        exit = -1;
        err.write("uncaught: " + e);
      }
      reply.println(
          RESULT
              + exit
              + " "
              + b64.encodeToString(out.toString().getBytes(UTF_8))
              + " "
              + b64.encodeToString(err.toString().getBytes(UTF_8)));
    }
  }
}
