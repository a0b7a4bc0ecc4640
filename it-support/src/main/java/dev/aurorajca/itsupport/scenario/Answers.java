package dev.aurorajca.itsupport.scenario;

/** Reading the servlets' line answers. */
final class Answers {

    private Answers() {
    }

    /** Splits an {@code OK …} answer; anything else fails with the server's cause chain. */
    static String[] ok(String answer) {
        String a = answer.trim();
        if (!a.startsWith("OK")) {
            throw new AssertionError("the server answered:\n" + a);
        }
        return a.split(" ");
    }
}
