// Tells whether a string is plain ASCII (addresses without SMTPUTF8 must be).
package io.caravan.receive.command;

final class Ascii {

    private Ascii() {
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
