package dev.parley.text;

/**
 * Letters with diacritics to their bare Latin letters ("café" to "cafe", "Zürich" to "Zurich"), so
 * a search typed without accents (messages, people) finds words written with them and the other
 * way round. The same letters SQLite's FTS5 tokenizer folds with {@code remove_diacritics 2} (the
 * full-text index on SQLite), and the same map as PostgreSQL's {@code parley_fold} (V211;
 * {@code AccentFoldTest} holds the two to each other): every Latin letter that is a base letter
 * with combining marks, plus the long s. Letters that are not a base letter with a mark (ø, ł, đ, ß) stay, as SQLite keeps them.
 * Accents typed as marks of their own after the letter ("u" + U+0308, as some keyboards and macOS
 * write "ü") are dropped, as SQLite's tokenizer drops them and {@code parley_fold} does since V213:
 * the combining diacritical marks, U+0300 to U+036F, and no other script's marks.
 */
public final class AccentFold {
    private AccentFold() {}

    public static final String FROM = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆ"
            + "ćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐő"
            + "ŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛ"
            + "ǜǞǟǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱ"
            + "ȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹ"
            + "ḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵ"
            + "ṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ"
            + "ẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳ"
            + "ỴỵỶỷỸỹſẛ";
    public static final String TO = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaC"
            + "cCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOo"
            + "RrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuU"
            + "uAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOo"
            + "YyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLl"
            + "LlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUu"
            + "UuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAa"
            + "EeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYy"
            + "YyYyYyss";

    /** The first and last of the combining diacritical marks, which {@link #fold} deletes. */
    public static final char FIRST_MARK = '\u0300';
    public static final char LAST_MARK = '\u036F';

    /**
     * The text with each letter of {@link #FROM} replaced by the letter at its place in {@link #TO},
     * and the combining diacritical marks left out.
     */
    public static String fold(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean mark = c >= FIRST_MARK && c <= LAST_MARK;
            int at = c < 'À' || mark ? -1 : FROM.indexOf(c); // ASCII and Latin-1's symbols fold to themselves
            if ((mark || at >= 0) && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null && !mark) {
                out.append(at >= 0 ? TO.charAt(at) : c);
            }
        }
        return out == null ? s : out.toString();
    }
}
