package dev.parley.business;

import java.util.Locale;

/** English possessives of names: "Ann's", but "Harbour Outfitters'" (a name ending in s takes the apostrophe alone). */
public final class Possessives {
    private Possessives() {}

    public static String of(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith("s") ? name + "'" : name + "'s";
    }
}
