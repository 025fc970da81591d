package dev.parley.moderation;

import dev.parley.account.JdbcAccountStore;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley admin moderator HANDLE [--remove]}: names (or removes) a moderator on the configured store. */
@Command(name = "moderator", mixinStandardHelpOptions = true,
        description = "Name an account a moderator (administrators are moderators already).")
public final class ModeratorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "the same settings file the server uses")
    Path config;

    @Option(names = "--remove", description = "remove the account from the moderators instead")
    boolean remove;

    @Parameters(index = "0", description = "the account's handle")
    String handle;

    @Override
    public Integer call() {
        Settings s = Settings.load(config, System.getenv(), Map.of());
        try (Database db = dev.parley.store.StoreModule.openExisting(s, spec.commandLine().getErr())) {
            Moderators moderators = Moderators.of(db, new JdbcAccountStore(db, Clock.systemUTC()), Clock.systemUTC());
            var account = moderators.person(handle.startsWith("@") ? handle : "@" + handle);
            if (remove) {
                moderators.remove(account);
            } else {
                moderators.name(account);
            }
            spec.commandLine().getOut().println((remove ? "removed moderator @" : "named moderator @") + account.handle());
            return 0;
        } catch (ApiException e) {
            spec.commandLine().getErr().println("parley: no account @" + handle.replaceFirst("^@", ""));
            return 1;
        }
    }
}
