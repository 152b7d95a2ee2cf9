package nl.herkomst.command.collection;

/** Text from outside (request values, provider error descriptions) made safe to record and to show. */
final class Text {
    private Text() {
    }

    /** Control and format characters (newlines, bidi overrides) become spaces; at most {@code max} characters. */
    static String clean(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
        s.codePoints().limit(max).forEach(c -> {
            int type = Character.getType(c);
            sb.appendCodePoint(type == Character.CONTROL || type == Character.FORMAT ? ' ' : c);
        });
        return sb.toString();
    }
}
