package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss methods}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "List the registered methods with their family and hyper-parameters. (not implemented yet)")
public final class MethodsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss methods: not implemented yet");
        return 1;
    }
}
