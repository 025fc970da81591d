package dev.parley.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The web client's files as the node serves them (issue 21 point 9): read once at start from the
 * jar's {@code /web} folder, named by a build id (a hash of every file's path and bytes, so any
 * change to any file gives a new id and no build step is needed), and the page that loads them
 * from {@code /assets/<build id>/…} with a {@code modulepreload} for every module the entry
 * imports statically, directly or not; and the service worker naming the build's files, which it
 * keeps for an offline reload.
 *
 * @implNote Assets under a build id never change, so browsers may keep them for a year without
 *     asking; only the page is revalidated, and a new build is a new page naming new URLs.
 */
public final class WebAssets {
    /** The folder in the jar that holds the client. */
    static final String ROOT = "/web";
    /** The module the page starts (the {@code <script type="module">}). */
    static final String ENTRY = "js/main.js";
    /** Files a browser or the system asks for by a fixed address: served at the root, revalidated. */
    static final List<String> FIXED = List.of("manifest.webmanifest", "favicon.ico", "icons/");
    /** The service worker: at a fixed address too, but rendered with the build it keeps offline ({@link #worker()}). */
    static final String WORKER = "sw.js";
    /** The line of {@code sw.js} the node replaces with this build's id and files. */
    static final String SHELL_MARK = "const SHELL = { build: 'unbuilt', files: [] };";
    /** What the worker keeps besides the build's assets: the page and the few fixed files it names. */
    private static final List<String> SHELL_EXTRAS = List.of("/", "/manifest.webmanifest", "/favicon.ico", "/icons/icon-192.png");

    private final SortedMap<String, byte[]> files;
    private final String buildId;
    private final List<String> modules;
    private final List<String> bootModules;
    private final String page;
    private final String worker;

    WebAssets(SortedMap<String, byte[]> files) {
        this.files = files;
        this.buildId = hash(files);
        this.modules = ModuleGraph.reachable(ENTRY, path -> text(path));
        this.bootModules = ModuleGraph.staticallyReachable(ENTRY, path -> text(path));
        this.page = Page.render(text("index.html"), prefix(), bootModules, files::containsKey);
        this.worker = renderWorker();
    }

    /** sw.js with this build's id and the addresses of every file it keeps for an offline reload. */
    private String renderWorker() {
        String source = text(WORKER);
        if (source == null || !source.contains(SHELL_MARK)) {
            throw new IllegalStateException("the web client's " + WORKER + " lacks the line " + SHELL_MARK);
        }
        List<String> shell = new java.util.ArrayList<>(SHELL_EXTRAS);
        files.keySet().stream()
                .filter(p -> (p.endsWith(".js") || p.endsWith(".css")) && !p.equals(WORKER) && !servedAtRoot(p))
                .forEach(p -> shell.add(prefix() + "/" + p));
        String list = String.join(", ", shell.stream().map(u -> "'" + u + "'").toList());
        return source.replace(SHELL_MARK, "const SHELL = { build: '" + buildId + "', files: [" + list + "] };");
    }

    /** The client in this node's jar (or classes folder, in tests and a development run). */
    public static WebAssets fromClasspath() {
        URI page;
        try {
            var url = WebAssets.class.getResource(ROOT + "/index.html");
            if (url == null) {
                throw new IllegalStateException("the web client is missing from the classpath (" + ROOT + ")");
            }
            page = url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if ("jar".equals(page.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(page, Map.of())) {
                return new WebAssets(read(jar.getPath(ROOT)));
            } catch (java.nio.file.FileSystemAlreadyExistsException open) {
                return new WebAssets(read(FileSystems.getFileSystem(page).getPath(ROOT)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return new WebAssets(read(Path.of(page).getParent()));
        } catch (FileSystemNotFoundException e) {
            throw new IllegalStateException("cannot read the web client at " + page, e);
        }
    }

    private static SortedMap<String, byte[]> read(Path root) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String hash(SortedMap<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((path, bytes) -> {
                sha.update(path.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) 0);
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(String path) {
        byte[] bytes = files.get(path);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A hash of every file of the client: part of each asset's address. */
    public String buildId() {
        return buildId;
    }

    /** Where this build's files are served: {@code /assets/<build id>}. */
    public String prefix() {
        return "/assets/" + buildId;
    }

    /** The page, with versioned addresses and the preload list. */
    public String page() {
        return page;
    }

    /** Every module reachable from the entry by its imports, entry first, in the order they were found. */
    public List<String> modules() {
        return modules;
    }

    /** The modules the page preloads: the entry and what it imports statically, entry first. */
    public List<String> bootModules() {
        return bootModules;
    }

    /** The service worker, naming this build and the files it keeps (see {@link #SHELL_MARK}). */
    public String worker() {
        return worker;
    }

    /** A file of the client by its path under the jar's folder ("js/main.js"), if there is one. */
    public Optional<byte[]> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** The Content-Type a browser needs for a file of the client (modules are refused as anything but script). */
    static String contentType(String path) {
        String ext = path.substring(path.lastIndexOf('.') + 1);
        return switch (ext) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "html" -> "text/html; charset=utf-8";
            case "webmanifest" -> "application/manifest+json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "json" -> "application/json";
            default -> "application/octet-stream";
        };
    }

    /** Whether a path under the jar's folder is one of the few served at a fixed root address. */
    public static boolean servedAtRoot(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return FIXED.stream().anyMatch(f -> f.endsWith("/") ? p.startsWith(f) && p.length() > f.length() : p.equals(f));
    }
}
