package dev.parley.datarights;

import dev.parley.account.AccountModule;
import dev.parley.app.AppFeature;
import dev.parley.appevents.AppEventPublisher;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.conversation.ConversationStore;
import dev.parley.event.Transactions;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.message.MessageService;
import dev.parley.message.MessageStore;
import dev.parley.message.MessageViews;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * People's data, wired: erasure and export, their runners (one thread each per node, working
 * jobs under leases) and their routes.
 */
public record DataRightsModule(Erasures erasures, Exports exports, Retention retention, List<Routes> routes) {

    /**
     * What the feature reads and writes through: the other features' stores and services.
     *
     * @param files a person's stored files (the media feature's, adapted in Wiring)
     * @param mayManage (business, person) → is this person one of the business's owners or admins
     */
    public record Deps(Database db, Transactions tx, AccountModule people, ConversationStore conversations,
                       MessageStore messages, MessageViews views, AppFeature apps, AppEventPublisher appEvents,
                       PersonalFiles files, MessageService messaging, Retention.Snapshots reportSnapshots,
                       Acting acting, BiPredicate<String, String> mayManage) {}

    public static DataRightsModule build(Deps d, Settings settings, Authenticator auth, Clock clock, String nodeId,
                                         Lifecycle life) {
        // Unique per process: a restarted node must not mistake its crashed predecessor's lease for its own.
        String owner = nodeId + "/" + UUID.randomUUID().toString().substring(0, 8);
        ExportStore exportStore = new ExportStore();
        Exports exports = new Exports(d.db(), exportStore,
                new ArchiveWriter(d.db(), d.people().store(), d.conversations(), d.files()),
                settings.get(Keys.DATA_DIR).resolve("exports"), settings.get(Keys.EXPORT_KEEP), clock, owner);
        ErasureStore erasureStore = new ErasureStore();
        ErasureSteps steps = new ErasureSteps(d.db(), d.tx(), d.messages(), d.views(), d.conversations(),
                d.people().graph()::blocksChanged, clock, settings.get(Keys.ERASURE_BATCH));
        Erasures erasures = new Erasures(d.db(), erasureStore, steps, d.people().accounts(), d.appEvents(),
                account -> {
                    d.files().eraseOf(account);
                    exports.deleteOf(account);
                }, settings.get(Keys.ERASURE_HANDLE_COOL_OFF), clock, owner);
        life.add("exports", exports::start, exports);
        life.add("erasures", erasures::start, erasures);
        Routes routes = new DataRightsRoutes(auth, d.people().accounts(), d.apps().apps(), d.apps().users(),
                erasures, exports, account -> d.db().read(h -> erasureStore.erased(h, account)), d.people().guards());
        RetentionStore retentionStore = new RetentionStore();
        int nodeDays = settings.get(Keys.RETENTION_MESSAGES);
        Retention retention = new Retention(d.db(), retentionStore, d.messaging(), d.reportSnapshots(),
                new Retention.Policy(nodeDays, settings.get(Keys.RETENTION_INACTIVE_CONVERSATIONS),
                        settings.get(Keys.REPORT_RETENTION), settings.get(Keys.RETENTION_EVERY),
                        settings.get(Keys.RETENTION_BATCH)), clock, owner);
        life.add("retention", retention::start, retention);
        Routes business = new RetentionRoutes(auth, d.acting(), d.db(), retentionStore, nodeDays, clock,
                d.mayManage());
        return new DataRightsModule(erasures, exports, retention, List.of(routes, business));
    }
}
