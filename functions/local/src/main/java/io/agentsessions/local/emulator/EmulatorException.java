package io.agentsessions.local.emulator;

/** An emulator could not be found, started or reached. The message names the log file to read. */
public final class EmulatorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmulatorException(String message) {
    super(message);
  }

  public EmulatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
