package io.pegasus.tools.shell;

import io.pegasus.client.PegasusException;
import io.pegasus.rpc.RpcException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs shell lines: splits them into commands ({@link CommandSplitter}), parses each with picocli into its command
 * class, runs it, and turns any failure into one "ERROR: ..." line and a status: 0 success, 1 the command failed, 2 it
 * was not understood. A line of several commands stops at the first failure.
 */
final class Shell {
    /** Every command, in the order {@code help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            ClusterCommands.ClusterInfo.class,
            ClusterCommands.Nodes.class,
            ClusterCommands.ServerInfo.class,
            ClusterCommands.GetMetaLevel.class,
            ClusterCommands.SetMetaLevel.class,
            ClusterCommands.Balance.class,
            ClusterCommands.Drain.class,
            TableCommands.Ls.class,
            TableCommands.Create.class,
            TableCommands.Drop.class,
            TableCommands.Recall.class,
            TableCommands.App.class,
            TableCommands.AppEnvs.class,
            TableCommands.Use.class,
            DataCommands.Set.class,
            DataCommands.Get.class,
            DataCommands.Del.class,
            DataCommands.Exist.class,
            DataCommands.Ttl.class,
            DataCommands.Incr.class,
            DataCommands.Count.class,
            DataCommands.MultiSet.class,
            DataCommands.MultiGet.class,
            DataCommands.MultiGetRange.class,
            DataCommands.MultiDel.class,
            DataCommands.CheckAndSet.class,
            ScanCommands.HashScan.class,
            ScanCommands.FullScan.class,
            ScanCommands.CountData.class,
            ScanCommands.CopyData.class,
            OutputFormat.class);

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final ShellContext ctx;

    Shell(ShellContext ctx) {
        this.ctx = ctx;
    }

    ShellContext context() {
        return ctx;
    }

    @Command(
            name = "shell",
            description = "Pegasus admin shell. Keys and values accept \\xNN escapes; quote words with blanks.",
            subcommands = CommandLine.HelpCommand.class)
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "output", description = "Output format of the following commands: table (default) or json.")
    static final class OutputFormat extends ShellCommand {
        @Parameters(paramLabel = "FORMAT", description = "table or json")
        String format;

        OutputFormat(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() {
            switch (format.toLowerCase(Locale.ROOT)) {
                case "json" -> out().setJson(true);
                case "table", "text" -> out().setJson(false);
                default -> throw new ShellException("unknown format '" + format + "': use table or json");
            }
            out().note("OK");
        }
    }

    /** A fresh command tree (picocli keeps parsed values in the command objects, so one per line). */
    CommandLine commandLine() {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    Constructor<K> c = cls.getDeclaredConstructor(ShellContext.class);
                    return c.newInstance(ctx);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        };
        CommandLine cl = new CommandLine(new Root(), factory);
        for (Class<?> c : COMMANDS) {
            cl.addSubcommand(c);
        }
        cl.setOut(ctx.out().writer());
        cl.setErr(ctx.out().errorWriter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            ctx.out().error(describe(e));
            return FAILED;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            ctx.out().error(e.getMessage());
            CommandLine c = e.getCommandLine();
            if (c != null && c.getParent() != null) {
                ctx.out().errorWriter().println("usage: " + c.getCommandName() + " " + String.join(" ", synopsis(c)));
                ctx.out().errorWriter().flush();
            } else {
                ctx.out().errorWriter().println("'help' lists the commands");
                ctx.out().errorWriter().flush();
            }
            return USAGE;
        });
        return cl;
    }

    private static List<String> synopsis(CommandLine c) {
        List<String> out = new ArrayList<>();
        c.getCommandSpec().options().forEach(o -> {
            if (!o.usageHelp() && !o.versionHelp()) {
                out.add((o.required() ? "" : "[")
                        + o.shortestName()
                        + (o.arity().max() > 0 ? " " + o.paramLabel() : "")
                        + (o.required() ? "" : "]"));
            }
        });
        c.getCommandSpec()
                .positionalParameters()
                .forEach(p -> out.add(p.arity().min() == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel()));
        return out;
    }

    /** The message a user needs for a failure: ours as is, the client's and the MetaServer's with their error name. */
    static String describe(Exception e) {
        if (e instanceof ShellException || e instanceof PegasusException || e instanceof RpcException) {
            return e.getMessage();
        }
        if (e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Runs a line of one or more commands (separated by ';'); stops at the first failure and returns its status. */
    int execute(String line) {
        List<List<String>> commands;
        try {
            commands = CommandSplitter.split(line);
        } catch (IllegalArgumentException e) {
            ctx.out().error(e.getMessage());
            return USAGE;
        }
        for (List<String> words : commands) {
            int status = execute(words);
            if (status != OK) {
                return status;
            }
        }
        return OK;
    }

    int execute(List<String> words) {
        if (words.isEmpty()) {
            return OK;
        }
        CommandLine cl = commandLine();
        if (!cl.getSubcommands().containsKey(words.get(0))) {
            ctx.out().error("unknown command '" + words.get(0) + "'; 'help' lists the commands");
            return USAGE;
        }
        return cl.execute(words.toArray(new String[0]));
    }

    /** Command names for completion. */
    List<String> commandNames() {
        return new ArrayList<>(commandLine().getSubcommands().keySet());
    }

    /** Option names of a command for completion (empty for an unknown command). */
    List<String> optionNames(String command) {
        Map<String, CommandLine> subs = commandLine().getSubcommands();
        CommandLine c = subs.get(command);
        if (c == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        c.getCommandSpec().options().forEach(o -> out.addAll(List.of(o.names())));
        return out;
    }
}
