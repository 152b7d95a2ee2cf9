package nl.herkomst.command.lists;

import java.util.Locale;
import java.util.Optional;

/** The four MedMij lists (medmij.md §4.1): their root element, namespace and file name on the stelselnode. */
public enum ListKind {
    ZAL("Zorgaanbiederslijst", "xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/", "MedMij_Zorgaanbiederslijst.xml"),
    OCL("OAuthclientlist", "xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/", "MedMij_OAuthclientlist.xml"),
    GNL("Gegevensdienstnamenlijst", "xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/",
            "MedMij_Gegevensdienstnamenlijst.xml"),
    WHITELIST("Whitelist", "xmlns://afsprakenstelsel.medmij.nl/whitelist/release2/", "MedMij_Whitelist.xml");

    private final String root;
    private final String namespace;
    private final String fileName;

    ListKind(String root, String namespace, String fileName) {
        this.root = root;
        this.namespace = namespace;
        this.fileName = fileName;
    }

    public String root() {
        return root;
    }

    public String namespace() {
        return namespace;
    }

    public String fileName() {
        return fileName;
    }

    /** The kind whose root element and namespace these are. */
    public static Optional<ListKind> of(String namespace, String localName) {
        for (ListKind k : values()) {
            if (k.root.equals(localName) && k.namespace.equals(namespace)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** {@code zal}, {@code ocl}, {@code gnl} or {@code whitelist}, as used in URLs and settings. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ListKind> ofKey(String key) {
        for (ListKind k : values()) {
            if (k.key().equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
