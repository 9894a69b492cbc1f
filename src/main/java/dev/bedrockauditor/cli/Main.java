package dev.bedrockauditor.cli;

/** Entry point of {@code java -jar bedrock-logging-auditor.jar}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(new Cli(System.getenv(), System.out, System.err).run(args));
    }
}
