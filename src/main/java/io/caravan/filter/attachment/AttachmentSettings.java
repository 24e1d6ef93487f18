// The attachment filter's own keys under caravan.checks.attachment-filter: what is blocked, and the limits for archives and MIME nesting.
package io.caravan.filter.attachment;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/**
 * Beside the {@code action} and {@code applies-to} every agent has:
 * <pre>
 * caravan:
 *   checks:
 *     attachment-filter:
 *       action: reject                  # reject (554 5.7.1, the default) | quarantine | strip | ignore
 *       blocked-extensions: [exe, js]   # replaces the default list; [] blocks no name
 *       blocked-content-types: [application/x-msdownload]   # declared or detected from the content; kinds of them too
 *       max-mime-depth: 20              # multiparts and attached messages within each other
 *       zip:
 *         max-depth: 3                  # zip in zip in zip
 *         max-entries: 1000             # entries in all archives of one attachment
 *         max-expanded-size: 100M       # bytes unpacked from one attachment: a zip bomb is refused, not expanded
 * </pre>
 */
@ConfigMapping(prefix = "caravan.checks.attachment-filter")
public interface AttachmentSettings {

    /** Executables and scripts Windows and macOS run on a double click, and the disk images and shortcuts that carry them. */
    String DEFAULT_EXTENSIONS = "ace,ade,adp,apk,app,appx,appxbundle,application,bas,bat,cab,chm,cmd,com,cpl,dll,exe,gadget,hlp,hta,inf,"
            + "ins,iso,img,isp,jar,jnlp,js,jse,lnk,msc,msh,msi,msix,msp,mst,pif,ps1,ps1xml,psc1,psd1,psm1,reg,scf,scr,sct,shb,sys,"
            + "url,vb,vbe,vbs,vhd,vhdx,ws,wsc,wsf,wsh,xbap,xll";

    /** The same families by content type; Tika's hierarchy adds their kinds (application/x-dosexec is an x-msdownload). */
    String DEFAULT_CONTENT_TYPES = "application/x-msdownload,application/x-ms-installer,application/x-msdos-program,application/x-elf,"
            + "application/x-mach-o-executable,application/x-sh,application/x-bat,application/x-ms-shortcut,text/javascript,"
            + "text/vbscript,application/x-vbscript,application/hta,application/vnd.ms-htmlhelp,application/java-archive,"
            + "application/x-java-jnlp-file,application/x-iso9660-image";

    /** File name extensions (without the dot, any case) blocked wherever they appear: a part's name or a name inside an archive. */
    @WithDefault(DEFAULT_EXTENSIONS)
    List<String> blockedExtensions();

    /** Media types blocked whether the part declares them or its first bytes show them. */
    @WithDefault(DEFAULT_CONTENT_TYPES)
    List<String> blockedContentTypes();

    /** Multiparts and attached messages nested deeper than this make the message uninspectable (refused as malformed). */
    @WithDefault("20")
    int maxMimeDepth();

    Zip zip();

    /** Limits for looking inside zip archives (and the formats built on zip: jar, docx, odt). */
    interface Zip {
        /** Archives within archives beyond this are refused, not opened. */
        @WithDefault("3")
        int maxDepth();

        /** Entries counted across all archives of one attachment. */
        @WithDefault("1000")
        int maxEntries();

        /** Bytes unpacked across all archives of one attachment; unpacking stops there. */
        @WithDefault("100M")
        MemorySize maxExpandedSize();
    }
}
