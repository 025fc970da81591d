// A business's channels (issue 23): its Messenger Page, Instagram account and X account, each
// connected through the network's own sign-in. Connect sends the browser to the network; the
// network sends it back to the server, which lands here with the outcome in the address
// (#/channels?outcome=…). A channel whose token the network stopped accepting shows a re-connect
// prompt: re-connecting runs the same sign-in and keeps its conversations.

import { act, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { state } from '../store.js';

const NETWORKS = { messenger: 'Messenger', instagram: 'Instagram', x: 'X' };
const ACCOUNT = { messenger: 'Facebook Page', instagram: 'Instagram professional account', x: 'X account' };
const STATES = {
  connected: 'Connected', needs_reconnect: 'Needs re-connecting', error: 'Error', disconnected: 'Disconnected',
};

/** What happened, in a person's words, for the outcome the server's callback landed with. */
function outcomeWords(outcome, network) {
  const n = NETWORKS[network] || 'The network';
  return {
    connected: [false, `${n} is connected. New messages arrive in the shared inbox.`],
    choose: [false, `Pick the ${ACCOUNT[network] || 'account'} to connect.`],
    denied: [true, `${n} wasn't connected: the permissions weren't granted. Try again and allow what Parley asks for.`],
    state_invalid: [true, 'That sign-in was already used or has expired. Start again with Connect.'],
    exchange_failed: [true, `${n} didn't accept the sign-in. Try again; if it keeps failing, ask the server's operator to check the app's id and secret.`],
    no_accounts: [true, `No ${ACCOUNT[network] || 'account'} was granted. Try again and choose one.`],
    not_a_manager: [true, "Only the business's owners and admins can connect channels."],
    channel_taken: [true, `That ${ACCOUNT[network] || 'account'} is connected to another business on this server.`],
    channel_unavailable: [true, `${n} couldn't be reached. Try again in a moment.`],
  }[outcome] || [true, `${n} refused the connection. Try again.`];
}

function stateWords(ch) {
  if (ch.state === 'needs_reconnect') {
    return `${NETWORKS[ch.network]} no longer accepts Parley's access (it expired or was revoked). Re-connect to keep answering here; the conversations stay.`;
  }
  if (ch.state === 'error') return `The last reply failed (${ch.state_detail || 'unknown'}); Parley keeps trying.`;
  if (ch.state === 'disconnected') return 'Disconnected: messages no longer arrive. Connect again to resume; the conversations stay.';
  return null;
}

export function channelsView(query) {
  const params = new URLSearchParams(query || '');
  const heading = h('h2', { tabindex: '-1' }, `${state.acting.display_name}: channels`);
  const outcome = h('p', { id: 'channel-outcome', role: 'status', class: 'note' });
  const error = h('p', { class: 'error', role: 'alert', id: 'channel-error' });
  const choice = h('div', { id: 'channel-choice' });
  const list = h('ul', { class: 'channel-list', id: 'channel-list' });

  const say = (text, bad) => {
    outcome.textContent = bad ? '' : text;
    error.textContent = bad ? text : '';
  };

  async function connect(network, button) {
    button.disabled = true;
    say('', false);
    try {
      const { authorize_url: url } = await act.post(`/channels/${enc(network)}/connect`);
      location.assign(url);
    } catch (e) {
      say(e.message, true);
      button.disabled = false;
    }
  }

  function disconnectControl(ch, row) {
    const ask = h('button', { type: 'button', class: 'danger', onclick: () => {
      fill(row.querySelector('.confirm'), h('span', {}, `Disconnect ${ch.name || NETWORKS[ch.network]}? Messages stop arriving; the conversations stay.`),
        h('button', { type: 'button', class: 'danger', onclick: async () => {
          try {
            await act.del(`/channels/${enc(ch.id)}`);
            say(`${NETWORKS[ch.network]} is disconnected.`, false);
            load();
          } catch (e) {
            say(e.message, true);
          }
        } }, 'Yes, disconnect'),
        h('button', { type: 'button', onclick: () => fill(row.querySelector('.confirm')) }, 'Cancel'));
    } }, `Disconnect ${ch.name || NETWORKS[ch.network]}`);
    return ask;
  }

  function channelRow(ch, network) {
    const row = h('li', { class: 'channel', 'data-state': ch.state, 'data-channel': ch.id },
      h('span', {}, h('strong', {}, ch.name || ch.external_id), ' · ',
        h('span', { class: `channel-state state-${ch.state}` }, STATES[ch.state] || ch.state)));
    const words = stateWords(ch);
    if (words) row.append(h('p', { class: ch.state === 'needs_reconnect' ? 'reconnect-prompt' : 'hint' }, words));
    const buttons = h('div', { class: 'row' });
    if (ch.state !== 'connected') {
      const again = h('button', { type: 'button', class: 'primary', onclick: () => connect(network.network, again) },
        `Re-connect ${NETWORKS[network.network]}`);
      buttons.append(again);
    }
    if (ch.state !== 'disconnected') buttons.append(disconnectControl(ch, row));
    row.append(buttons, h('div', { class: 'row confirm' }));
    return row;
  }

  function networkRow(network, channels) {
    const mine = channels.filter((c) => c.network === network.network);
    const label = NETWORKS[network.network];
    const connectButton = h('button', { type: 'button', class: mine.length ? '' : 'primary', id: `connect-${network.network}`,
      disabled: !network.configured, onclick: () => connect(network.network, connectButton) },
    mine.length ? `Connect another ${ACCOUNT[network.network]}` : `Connect ${label}`);
    return h('li', { class: 'network', 'data-network': network.network },
      h('h3', {}, label),
      mine.length ? h('ul', { class: 'channels' }, mine.map((c) => channelRow(c, network)))
        : h('p', { class: 'hint' }, `No ${ACCOUNT[network.network]} connected.`),
      network.configured ? connectButton
        : [connectButton, h('p', { class: 'hint' }, `Not set up on this server: its operator must set ${network.missing}.`)],
      // X without channels.x.webhook_id: connected accounts receive nothing until the operator subscribes them.
      network.manual_step ? h('p', { class: 'hint manual-step' }, `A step by hand remains: ${network.manual_step}.`) : []);
  }

  async function load() {
    try {
      const [networks, channels] = await Promise.all([act.get('/channels/connect'), act.get('/channels')]);
      fill(list, networks.items.map((n) => networkRow(n, channels.items)));
    } catch (e) {
      say(e.message, true);
    }
  }

  async function showChoice(id, network) {
    try {
      const offered = await act.get(`/channels/connect/choices/${enc(id)}`);
      const radios = offered.accounts.map((a, i) => {
        const input = h('input', { type: 'radio', name: 'pick', id: `pick-${i}`, value: a.id, checked: i === 0 });
        return h('div', { class: 'choice' }, input, h('label', { for: `pick-${i}` }, a.name || a.id));
      });
      fill(choice, h('form', { class: 'stack', onsubmit: async (e) => {
        e.preventDefault();
        try {
          const ch = await act.post(`/channels/connect/choices/${enc(id)}`,
            { external_id: choice.querySelector('input[name=pick]:checked').value });
          fill(choice);
          say(`${ch.name || NETWORKS[network]} is connected. New messages arrive in the shared inbox.`, false);
          load();
        } catch (err) {
          say(err.message, true);
        }
      } }, h('fieldset', {}, h('legend', {}, `Which ${ACCOUNT[network] || 'account'}?`), radios),
      h('button', { type: 'submit', class: 'primary' }, 'Connect this one')));
    } catch (e) {
      say(e.status === 404 ? 'That choice has expired. Start again with Connect.' : e.message, true);
    }
  }

  if (params.get('outcome')) {
    const [bad, words] = outcomeWords(params.get('outcome'), params.get('network'));
    const other = params.get('business') && params.get('business') !== state.acting.id;
    say(other ? `${words} (This was for another business: switch to it with "Acting as" to see it.)` : words, bad);
    if (params.get('outcome') === 'choose' && params.get('choice') && !other) showChoice(params.get('choice'), params.get('network'));
    history.replaceState(null, '', '#/channels'); // a reload does not repeat the outcome
  }
  load();
  return {
    // Focusable: on a wide screen the page may scroll with every button disabled (a server without the
    // networks' settings) and the back link hidden, and a keyboard must still reach and scroll it.
    el: h('section', { class: 'page channels-page', tabindex: '0', 'aria-label': 'Channels' }, h('a', { class: 'back', href: '#/inbox' }, '← Shared inbox'),
      heading, h('p', { class: 'hint' }, "Answer your customers' direct messages from the shared inbox: connect each network with its own sign-in."),
      outcome, error, choice, list),
    focus: () => heading.focus(),
  };
}
