/** Bench peer: the smallest JVM program, the cold-start floor for any Java command line. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
