package dev.parley.business;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.http.Acting;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Caller;
import dev.parley.http.Requests;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import java.util.List;

/**
 * The shared inbox over HTTP, all under {@code /businesses/{id}}: the list, one conversation's
 * inbox state, status, assignment, labels, internal notes and the inbox's rules. Anyone who is
 * not the business's agent gets the same 404 as for a business that does not exist.
 */
public final class InboxRoutes implements Routes {
    private final Authenticator auth;
    private final Acting acting;
    private final InboxService inbox;
    private final NoteService notes;
    private final AgentService agents;

    InboxRoutes(Authenticator auth, Acting acting, InboxService inbox, NoteService notes, AgentService agents) {
        this.auth = auth;
        this.acting = acting;
        this.inbox = inbox;
        this.notes = notes;
        this.agents = agents;
    }

    record StatusBody(String status) {}

    record AssigneeBody(String assigneeId) {
        /** Nobody is said with null, never by leaving the field out: {} (or a misspelt field) unassigned. */
        static AssigneeBody of(JsonNode body) {
            JsonNode v = body.get("assignee_id");
            if (v == null) {
                throw ApiException.validation("Field 'assignee_id' is required: an agent's id, or null for nobody.");
            }
            if (!v.isNull() && !v.isTextual()) {
                throw ApiException.badRequest("Field 'assignee_id' has the wrong type (expected a string).");
            }
            return new AssigneeBody(v.isNull() ? null : v.asText());
        }
    }

    record LabelsBody(List<String> labels) {}

    record NoteBody(String text) {}

    record SettingsBody(Boolean autoAssign, Integer agentCap) {}

    record SnoozeBody(String until) {}

    @Override
    public void register(RoutesConfig r) {
        String b = Caller.BUSINESS;
        r.get(b + "/inbox", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(inbox.list(c.accountId(), c.agentId(), Requests.query(ctx, "status"),
                    Requests.query(ctx, "assignee"), Requests.query(ctx, "label"), Requests.query(ctx, "sort"),
                    Requests.limit(ctx), Requests.query(ctx, "cursor")));
        });
        r.get(b + "/inbox/settings", ctx -> ctx.json(inbox.settings(Caller.of(ctx, auth, acting).accountId())));
        r.put(b + "/inbox/settings", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            SettingsBody body = Requests.body(ctx, SettingsBody.class);
            agents.requireManager(c.accountId(), c.agentId());
            ctx.json(inbox.putSettings(c.accountId(), body.autoAssign(), body.agentCap()));
        });
        r.get(b + "/inbox/{cid}", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(inbox.get(c.accountId(), ctx.pathParam("cid")));
        });
        r.post(b + "/inbox/{cid}/snooze", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            SnoozeBody body = Requests.body(ctx, SnoozeBody.class);
            ctx.json(inbox.snooze(c.accountId(), ctx.pathParam("cid"), body.until()));
        });
        r.put(b + "/conversations/{cid}/status", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            StatusBody body = Requests.body(ctx, StatusBody.class);
            ctx.json(inbox.setStatus(c.accountId(), c.agentId(), ctx.pathParam("cid"), body.status()));
        });
        r.put(b + "/conversations/{cid}/assignee", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            AssigneeBody body = AssigneeBody.of(Requests.body(ctx, JsonNode.class));
            ctx.json(inbox.assign(c.accountId(), ctx.pathParam("cid"), body.assigneeId()));
        });
        r.put(b + "/conversations/{cid}/labels", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            LabelsBody body = Requests.body(ctx, LabelsBody.class);
            ctx.json(inbox.setLabels(c.accountId(), c.agentId(), ctx.pathParam("cid"), body.labels()));
        });
        r.post(b + "/conversations/{cid}/notes", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            NoteBody body = Requests.body(ctx, NoteBody.class);
            ctx.status(201).json(notes.add(c.accountId(), c.agentId(), ctx.pathParam("cid"), body.text()));
        });
        r.get(b + "/conversations/{cid}/notes", ctx -> {
            Caller c = Caller.of(ctx, auth, acting);
            ctx.json(notes.list(c.accountId(), ctx.pathParam("cid"), Requests.limit(ctx), Requests.query(ctx, "cursor")));
        });
    }
}
