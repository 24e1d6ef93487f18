// One line of the troubleshooting checklist: what was checked, what was found, the evidence, and what to do.
package io.caravan.diagnostics;

import java.util.Objects;

/**
 * @param section  "destination", "our side", "configuration" or "recent trouble": how the command groups its output
 * @param check    the step, e.g. "MX records" or "STARTTLS mx1.example.com[192.0.2.1]"
 * @param summary  one sentence in plain words
 * @param evidence what was seen: the record, the exact SMTP reply, the error ("" when nothing to show)
 * @param fix      what the administrator can do ("" when nothing needs doing)
 */
public record Finding(Severity severity, String section, String check, String summary, String evidence, String fix) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        section = section == null ? "" : section;
        check = check == null ? "" : check;
        summary = summary == null ? "" : summary;
        evidence = evidence == null ? "" : evidence;
        fix = fix == null ? "" : fix;
    }
}
