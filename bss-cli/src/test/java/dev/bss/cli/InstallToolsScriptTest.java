package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/install-tools.sh} on simulated machines: {@code PATH} holds only a sandbox folder with fake
 * {@code id}, {@code sudo}, {@code apt-get}, {@code npm} and {@code espeak-ng} (the script uses nothing else but
 * bash built-ins), and {@code BSS_LIB_DIRS} points at a sandbox library folder. The fake {@code apt-get} logs every
 * call, "installs" a package by creating its command or library, and refuses {@code npm} with apt's conflict
 * error, as on a machine whose Node.js bundles npm.
 */
class InstallToolsScriptTest {

    private static final Path SCRIPT = Path.of("..", "scripts", "install-tools.sh").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    Path bin;
    Path lib;
    Path log;

    @BeforeEach
    void sandbox() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        lib = Files.createDirectories(tmp.resolve("lib"));
        log = tmp.resolve("apt.log");
        Files.createFile(log);
        // apt-get: log, then install by creating the tool; npm conflicts with the installed nodejs (exit 100)
        exe("apt-get", """
                #!/bin/bash
                echo "$*" >> %1$s
                [ "$1" = update ] && exit 0
                pkg="${@: -1}"
                case "$pkg" in
                  npm) echo "E: Unable to correct problems, you have held broken packages. npm : Conflicts: nodejs" >&2; exit 100 ;;
                  espeak-ng) printf '#!/bin/bash\\n' > %2$s/espeak-ng; /bin/chmod +x %2$s/espeak-ng ;;
                  libtcmalloc-minimal4) : > %3$s/libtcmalloc_minimal.so.4 ;;
                  *) exit 100 ;;
                esac
                """.formatted(log, bin, lib));
    }

    private void exe(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void root(boolean root) throws IOException {
        exe("id", "#!/bin/bash\necho " + (root ? 0 : 1000) + "\n");
    }

    /** sudo that works without a password ({@code passwordless}) or refuses {@code -n} like one that would prompt. */
    private void sudo(boolean passwordless) throws IOException {
        exe("sudo", passwordless ? "#!/bin/bash\n[ \"$1\" = -n ] && shift\n[ \"$1\" = true ] && exit 0\necho \"sudo $*\" >> " + log + "\nexec \"$@\"\n"
                : "#!/bin/bash\necho 'sudo: a password is required' >&2\nexit 1\n");
    }

    private record Result(int code, String stderr, String stdout, List<String> aptCalls) {
    }

    private Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("BSS_LIB_DIRS", lib.toString());
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "script did not finish");
        return new Result(p.exitValue(), Files.readString(err), Files.readString(out), Files.readAllLines(log));
    }

    private List<String> installs(Result r) {
        return r.aptCalls().stream().filter(l -> l.startsWith("install")).toList();
    }

    @Test
    void nodeWithBundledNpmAndNoEspeakInstallsEspeakAndTcmallocOneAtATimeAndNeverAsksForNpm() throws Exception {
        root(true);
        exe("npm", "#!/bin/bash\n"); // Node.js from a package that bundles npm
        Result r = run();
        assertEquals(0, r.code(), r.stderr());
        assertEquals(List.of("install -y -qq espeak-ng", "install -y -qq libtcmalloc-minimal4"), installs(r));
        assertTrue(r.aptCalls().get(0).startsWith("update"), r.aptCalls().toString());
        assertTrue(r.aptCalls().stream().noneMatch(l -> l.contains("npm")), r.aptCalls().toString());
        assertTrue(Files.isExecutable(bin.resolve("espeak-ng")));
        // idempotent: nothing missing, nothing run, nothing printed
        Files.writeString(log, "");
        Result again = run();
        assertEquals(0, again.code());
        assertEquals(List.of(), again.aptCalls());
        assertEquals("", again.stderr());
    }

    @Test
    void npmIsRequestedAloneWhenNoNpmCommandExistsAndItsRefusalDoesNotBlockTheOthers() throws Exception {
        root(true);
        Result r = run();
        assertEquals(List.of("install -y -qq espeak-ng", "install -y -qq npm", "install -y -qq libtcmalloc-minimal4"), installs(r));
        assertEquals(1, r.code(), "npm is required and still missing");
        assertTrue(r.stderr().contains("npm is still missing"), r.stderr());
        assertTrue(Files.isExecutable(bin.resolve("espeak-ng")), "espeak-ng was installed despite npm's refusal");
        assertTrue(Files.exists(lib.resolve("libtcmalloc_minimal.so.4")));
    }

    @Test
    void withoutRootOrPasswordlessSudoItInstallsNothingAndItsHintIsASudoCommandWithoutNpm() throws Exception {
        root(false);
        sudo(false);
        exe("npm", "#!/bin/bash\n");
        Result r = run();
        assertEquals(1, r.code());
        assertEquals(List.of(), r.aptCalls());
        assertTrue(r.stderr().contains("sudo apt-get install -y espeak-ng libtcmalloc-minimal4"), r.stderr());
        assertFalse(r.stderr().contains("npm"), r.stderr());
        Result hint = run("--hint");
        assertEquals(0, hint.code());
        assertEquals("sudo apt-get install -y espeak-ng libtcmalloc-minimal4", hint.stdout().strip());
    }

    @Test
    void withoutSudoTheHintUsesSu() throws Exception {
        root(false);
        exe("npm", "#!/bin/bash\n");
        exe("espeak-ng", "#!/bin/bash\n");
        Result r = run();
        assertEquals(0, r.code(), "only the optional tcmalloc is missing");
        assertEquals(List.of(), r.aptCalls());
        assertTrue(r.stderr().contains("su -c 'apt-get install -y libtcmalloc-minimal4'"), r.stderr());
    }

    @Test
    void passwordlessSudoInstallsThroughSudo() throws Exception {
        root(false);
        sudo(true);
        exe("npm", "#!/bin/bash\n");
        Result r = run();
        assertEquals(0, r.code(), r.stderr());
        assertTrue(r.aptCalls().contains("sudo apt-get install -y -qq espeak-ng"), r.aptCalls().toString());
        assertEquals(List.of("install -y -qq espeak-ng", "install -y -qq libtcmalloc-minimal4"), installs(r));
    }

    @Test
    void checkListsWhatIsMissingAndInstallsNothing() throws Exception {
        root(true);
        exe("npm", "#!/bin/bash\n");
        Result r = run("--check");
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("missing: espeak-ng libtcmalloc-minimal4"), r.stderr());
        assertEquals(List.of(), r.aptCalls());
        assertEquals(2, run("--bogus").code());
    }

    @Test
    void aFailedRequiredInstallNamesThePackageAndTheCommandToRun() throws Exception {
        root(true);
        exe("npm", "#!/bin/bash\n");
        exe("apt-get", "#!/bin/bash\necho \"$*\" >> " + log + "\n[ \"$1\" = update ] && exit 0\nexit 100\n");
        Result r = run();
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("espeak-ng is still missing: 'apt-get install -y espeak-ng' failed. Run: apt-get install -y espeak-ng"),
                r.stderr());
        assertTrue(r.stderr().contains("warning: libtcmalloc-minimal4 could not be installed"), r.stderr());
    }
}
