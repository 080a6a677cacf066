using SeaNet.Core.Configuration;
using SeaNet.Preload.Launch;
using Xunit;

namespace SeaNet.Tests.Launch;

/// <summary>sea_launch looks at the program before running it and says, in one line, when the shim
/// cannot intercept it: a static executable (no dynamic loader reads LD_PRELOAD) or a Go program
/// (its runtime makes system calls itself). Real ELF files: /bin/true, and programs built here
/// with gcc (static; with Go's build-id note, as a note segment and as a bare section).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProgramInspectionTests : IDisposable
{
    private const string GoNote = """
        .section SECTION,"a",@note
        .p2align 2
        .long 4
        .long 8
        .long 4
        .asciz "Go"
        .byte 0
        .ascii "buildid!"
        .section .note.GNU-stack,"",@progbits
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("seanet-inspect-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void A_dynamically_linked_program_gets_no_warning()
    {
        Assert.Equal(ProgramKind.Dynamic, ProgramInspector.Inspect("/bin/true"));
        Assert.Null(ProgramInspector.Warning("/bin/true", "/m", null));
    }

    [Fact]
    public void A_static_program_is_named_with_what_to_do()
    {
        string exe = BuildStatic();

        Assert.Equal(ProgramKind.Static, ProgramInspector.Inspect(exe));
        string? warning = ProgramInspector.Warning(exe, "/scratch/mnt", null);
        Assert.NotNull(warning);
        Assert.DoesNotContain('\n', warning);
        Assert.StartsWith("sea_launch: warning: " + exe + " is statically linked", warning);
        Assert.Contains("/scratch/mnt", warning);
        Assert.Contains("use a dynamically linked build", warning);
    }

    [Fact]
    public void A_program_with_Go_s_build_id_note_is_a_Go_program_even_when_dynamically_linked()
    {
        string exe = BuildWithNote(".note.go.buildid", "fakego");
        Assert.Equal(ProgramKind.Go, ProgramInspector.Inspect(exe));
        string? warning = ProgramInspector.Warning(exe, "/m", null);
        Assert.StartsWith("sea_launch: warning: " + exe + " is a Go program", warning);
    }

    [Fact]
    public void The_Go_note_is_found_in_a_note_segment_whatever_its_section_is_called()
    {
        Assert.Equal(ProgramKind.Go, ProgramInspector.Inspect(BuildWithNote(".note.renamed", "gonote")));
    }

    [Fact]
    public void The_Go_section_is_found_by_name_when_it_is_in_no_segment()
    {
        string desc = Path.Combine(dir, "desc");
        File.WriteAllText(desc, "buildid");
        string exe = Path.Combine(dir, "gosection");
        ExternalProgram.Output("objcopy", "--add-section", ".note.go.buildid=" + desc, "/bin/true", exe);
        Assert.Equal(ProgramKind.Go, ProgramInspector.Inspect(exe));
    }

    [Fact]
    public void A_script_is_judged_by_its_interpreter_directly_or_through_env()
    {
        string fakeGo = BuildWithNote(".note.go.buildid", "gotool");
        string direct = Script("direct", $"#!{fakeGo} -x\necho\n");
        Assert.Equal(fakeGo, ProgramInspector.ScriptInterpreter(direct, null));
        Assert.StartsWith($"sea_launch: warning: {direct} (run by {fakeGo}) is a Go program", ProgramInspector.Warning(direct, "/m", null));

        string viaEnv = Script("viaenv", "#!/usr/bin/env -S gotool --flag\n");
        Assert.Equal(fakeGo, ProgramInspector.ScriptInterpreter(viaEnv, $"/nonexistent:{dir}"));
        Assert.NotNull(ProgramInspector.Warning(viaEnv, "/m", $"/nonexistent:{dir}"));

        string shell = Script("shell", "#!/bin/sh\necho hi\n");
        Assert.Equal("/bin/sh", ProgramInspector.ScriptInterpreter(shell, null));
        Assert.Null(ProgramInspector.Warning(shell, "/m", null));
    }

    [Fact]
    public void Anything_that_is_not_a_readable_ELF_file_is_left_alone()
    {
        Assert.Equal(ProgramKind.Unknown, ProgramInspector.Inspect(Path.Combine(dir, "missing")));
        Assert.Null(ProgramInspector.Warning(Path.Combine(dir, "missing"), "/m", null));
        Assert.Equal(ProgramKind.Unknown, ProgramInspector.Inspect(Script("text", "echo no shebang\n")));
        string truncated = Path.Combine(dir, "truncated");
        File.WriteAllBytes(truncated, File.ReadAllBytes("/bin/true")[..40]);
        Assert.Equal(ProgramKind.Unknown, ProgramInspector.Inspect(truncated));
        string headersOnly = Path.Combine(dir, "headers-only");
        File.WriteAllBytes(headersOnly, File.ReadAllBytes("/bin/true")[..64]); // program headers cut off
        Assert.NotEqual(ProgramKind.Go, ProgramInspector.Inspect(headersOnly));
        Assert.Equal(ProgramKind.Unknown, ProgramInspector.Inspect(dir)); // a directory
    }

    [Fact]
    public void The_command_runs_with_libuv_s_io_uring_off_and_the_user_s_preload_kept_after_the_shim()
    {
        var config = new SeaConfig
        {
            MountDir = "/m",
            Tiers = [new TierConfig("/dev/shm/a", null, false), new TierConfig("/lustre/p", null, true)],
            MaxFileSize = 1,
            LogFile = null,
            Source = "test",
        };
        Dictionary<string, string> env = LaunchEnvironment.ForCommand(config, "c", "/x/lib/libseanet.so", "/opt/darshan/lib/libdarshan.so /usr/lib/libother.so");
        Assert.Equal("0", env["UV_USE_IO_URING"]);
        Assert.Equal("/x/lib/libseanet.so:/opt/darshan/lib/libdarshan.so /usr/lib/libother.so", env["LD_PRELOAD"]);
    }

    [Fact]
    public void A_command_stored_in_the_mount_is_exec_d_by_the_shim_and_looked_at_on_its_tier()
    {
        string mount = Path.Combine(dir, "mnt"), t0 = Path.Combine(dir, "t0"), t1 = Path.Combine(dir, "t1");
        Directory.CreateDirectory(Path.Combine(t0, "bin"));
        Directory.CreateDirectory(Path.Combine(t1, "bin"));
        var config = new SeaConfig
        {
            MountDir = mount,
            Tiers = [new TierConfig(t0, null, false), new TierConfig(t1, null, true)],
            MaxFileSize = 1,
            LogFile = null,
            Source = "test",
        };
        File.Copy(BuildWithNote(".note.go.buildid", "storedgo"), Path.Combine(t1, "bin", "tool"));

        Assert.True(MountedCommand.NeedsShim(Path.Combine(mount, "bin", "tool"), "/usr/bin", mount));
        Assert.True(MountedCommand.NeedsShim("tool", $"/usr/bin:{mount}/bin", mount));
        Assert.False(MountedCommand.NeedsShim("tool", "/usr/bin", mount));
        Assert.False(MountedCommand.NeedsShim(mount + "2/tool", "/usr/bin", mount));
        Assert.Equal(Path.Combine(t1, "bin", "tool"), MountedCommand.ProgramFile(Path.Combine(mount, "bin", "tool"), null, config));
        Assert.Equal(Path.Combine(t1, "bin", "tool"), MountedCommand.ProgramFile("tool", $"/nonexistent:{mount}/bin", config));
        string shown = Path.Combine(mount, "bin", "tool");
        Assert.StartsWith($"sea_launch: warning: {shown} is a Go program", ProgramInspector.Warning(Path.Combine(t1, "bin", "tool"), mount, null, shown));
    }

    private string BuildStatic()
    {
        // libc.a comes with libc6-dev, which building the shim needs anyway (its headers): a
        // missing one is a broken machine, not a reason to pass without looking
        string libcA = ExternalProgram.Output("gcc", "-print-file-name=libc.a").Trim();
        Assert.True(Path.IsPathRooted(libcA) && File.Exists(libcA), $"gcc finds no libc.a ({libcA}): install libc6-dev");

        string src = Path.Combine(dir, "static.c");
        File.WriteAllText(src, "int main(void) { return 0; }\n");
        string exe = Path.Combine(dir, "static");
        ExternalProgram.Output("gcc", "-static", "-o", exe, src);
        return exe;
    }

    private string BuildWithNote(string section, string name)
    {
        string src = Path.Combine(dir, name + ".c"), note = Path.Combine(dir, name + "-note.s");
        File.WriteAllText(src, "int main(void) { return 0; }\n");
        File.WriteAllText(note, GoNote.Replace("SECTION", section, StringComparison.Ordinal) + "\n");
        string exe = Path.Combine(dir, name);
        ExternalProgram.Output("gcc", "-o", exe, src, note);
        return exe;
    }

    private string Script(string name, string text)
    {
        string p = Path.Combine(dir, name);
        File.WriteAllText(p, text);
        File.SetUnixFileMode(p, (UnixFileMode)0b111_101_101);
        return p;
    }

}
