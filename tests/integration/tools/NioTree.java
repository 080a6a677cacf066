// NioTree.java ROOT OUT: java.nio.file on a tree in the mount, run as `java NioTree.java`
// (single-file source launcher). Reports to OUT what a program would rely on; every path in
// the report is relative to ROOT, so runs on different roots compare equal.
//   walk     Files.walk of ROOT/src (links not followed): type, mode, size, mtime (ns), target
//   move     Files.move across tiers: a file (ATOMIC_MOVE), over an existing file
//            (REPLACE_EXISTING), a directory that lives on another tier
//   attrs    readAttributes / setLastModifiedTime (ns) / setPosixFilePermissions, read back
//   temp     createTempFile / createTempDirectory in the mount: where, mode, then renamed
//   glob     a DirectoryStream with a glob
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.nio.file.attribute.*;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.TimeUnit;
import java.util.stream.*;

public class NioTree {
    static Path root;
    static final List<String> out = new ArrayList<>();

    static String rel(Path p) { return root.relativize(p).toString(); }

    static String describe(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String type = a.isSymbolicLink() ? "l" : a.isDirectory() ? "d" : a.isRegularFile() ? "f" : "?";
        String s = type + " " + PosixFilePermissions.toString(a.permissions());
        if (a.isRegularFile()) {
            s += " " + a.size() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        }
        if (a.isSymbolicLink()) {
            s += " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " -> " + Files.readSymbolicLink(p);
        }
        return s;
    }

    interface Step { void run() throws Exception; }

    static void step(String name, Step s) {
        try {
            s.run();
            out.add(name + ": ok");
        } catch (Exception e) {
            out.add(name + ": " + e.getClass().getSimpleName() + " " + String.valueOf(e.getMessage()).replace(root.toString(), "ROOT"));
        }
    }

    public static void main(String[] args) throws Exception {
        root = Paths.get(args[0]);
        Path mv = root.resolve("mv");
        step("walk", () -> {
            try (Stream<Path> s = Files.walk(root.resolve("src"))) {
                for (Path p : s.sorted().collect(Collectors.toList())) out.add("walk " + rel(p) + " " + describe(p));
            }
        });
        step("createDirectories", () -> Files.createDirectories(mv.resolve("into/deeper")));
        step("move a file from tier 1 (ATOMIC_MOVE)", () -> Files.move(mv.resolve("f1.txt"), mv.resolve("into/deeper/f1.txt"), StandardCopyOption.ATOMIC_MOVE));
        step("move a file over another (REPLACE_EXISTING)", () -> Files.move(mv.resolve("f2.txt"), mv.resolve("f3.txt"), StandardCopyOption.REPLACE_EXISTING));
        step("move without REPLACE_EXISTING onto a file fails", () -> {
            try {
                Files.move(mv.resolve("f4.txt"), mv.resolve("f3.txt"));
                out.add("  moved?!");
            } catch (FileAlreadyExistsException e) {
                out.add("  FileAlreadyExistsException as expected");
            }
        });
        step("move a directory that lives on the persistent tier", () -> Files.move(mv.resolve("pdir"), mv.resolve("into/pdir")));
        step("attributes", () -> {
            Path f = mv.resolve("into/deeper/f1.txt");
            Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1234567890L, 123456789L)));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
            out.add("  " + describe(f));
            Path g = mv.resolve("into/pdir/sub/p1.txt");
            Files.setPosixFilePermissions(g, PosixFilePermissions.fromString("rwx------"));
            Files.setLastModifiedTime(g, FileTime.from(Instant.ofEpochSecond(987654321L, 1L)));
            out.add("  " + describe(g));
            BasicFileAttributes b = Files.readAttributes(mv.resolve("f3.txt"), BasicFileAttributes.class);
            out.add("  f3.txt size " + b.size() + " regular " + b.isRegularFile() + " mtime " + b.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            out.add("  f3.txt content " + new String(Files.readAllBytes(mv.resolve("f3.txt")), StandardCharsets.UTF_8).trim());
            out.add("  f2.txt exists " + Files.exists(mv.resolve("f2.txt")) + ", pdir exists " + Files.exists(mv.resolve("pdir")));
        });
        step("temporary files", () -> {
            Path t = Files.createTempFile(mv, "pre", ".tmp");
            out.add("  temp file in mv: " + t.getParent().equals(mv) + ", name " + t.getFileName().toString().replaceAll("[0-9]+", "N")
                    + ", " + describe(t).replaceAll(" [0-9]+$", " MTIME"));
            Files.write(t, "written through a temporary\n".getBytes(StandardCharsets.UTF_8));
            Files.move(t, mv.resolve("from-temp.txt"), StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(mv.resolve("from-temp.txt"), FileTime.from(Instant.ofEpochSecond(1500000000L, 5L)));
            Path d = Files.createTempDirectory(mv, "tmpdir");
            out.add("  temp dir: " + describe(d));
            Files.write(d.resolve("inside"), new byte[] {1, 2, 3});
            Files.setLastModifiedTime(d.resolve("inside"), FileTime.from(Instant.ofEpochSecond(1500000001L, 7L)));
            Files.move(d, mv.resolve("from-temp-dir"));
            out.add("  temp dir gone: " + !Files.exists(d));
        });
        step("glob", () -> {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(mv, "f*.txt")) {
                for (Path p : ds) names.add(p.getFileName().toString());
            }
            Collections.sort(names);
            out.add("  " + names);
        });
        step("fixed directory times", () -> {
            try (Stream<Path> s = Files.walk(mv)) {
                for (Path p : s.filter(Files::isDirectory).collect(Collectors.toList())) {
                    Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(1600000000L, 42L)));
                }
            }
        });
        step("walk after", () -> {
            try (Stream<Path> s = Files.walk(mv)) {
                for (Path p : s.sorted().collect(Collectors.toList())) out.add("after " + rel(p) + " " + describe(p));
            }
        });
        Files.write(Paths.get(args[1]), out, StandardCharsets.UTF_8);
    }
}
