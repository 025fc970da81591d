// A business's automation: the instant reply, the away message with its hours, the satisfaction
// question after a resolution, the FAQ bot and its entries (each with several phrasings; a "try a
// question" box shows the score and the nearest phrasing, and adds the question tried as a
// phrasing), and external bots with their
// webhook delivery logs. Owners and admins change it; an agent reads it, disabled, with a line
// saying who changes it (they learned it only from a refused save), and never sees the bots.

import { act, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { state } from '../store.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

const lines = (text) => text.split('\n').map((x) => x.trim()).filter(Boolean);
const field = (id, label, input, hint) => h('div', { class: 'field' }, h('label', { for: id }, label), input,
  hint ? h('p', { class: 'hint' }, hint) : null);
const check = (id, label, checked) => {
  const box = h('input', { type: 'checkbox', id });
  box.checked = !!checked;
  return { box, el: h('div', { class: 'field check' }, box, h('label', { for: id }, label)) };
};

/**
 * What one customer message gets with these toggles, in the server's order (see Autoresponder):
 * the bot's answer alone; else the away message while closed, else the instant reply to a first
 * message, opened by the bot's disclosure (and closed by its "Did you mean …?"); else the bot's own line.
 */
export function whatCustomersGet(instant, away, bot) {
  const due = away && instant ? 'the away message while you are closed, else the instant reply to their first message'
    : away ? 'the away message while you are closed (once per closed period)'
      : instant ? 'the instant reply to their first message' : null;
  if (!bot) {
    return due ? `One automatic reply at most per message: ${due}.` : 'No automatic replies: customers wait for a person.';
  }
  return 'When the FAQ bot can answer, its answer is the only reply. '
    + (due ? `Otherwise one reply: ${due}, opened by the bot saying it is a bot and ending with its "Did you mean …?" when it has a near guess; when neither is due, the bot hands over or asks them to rephrase. `
      : 'Otherwise the bot hands over to a person or asks them to rephrase. ')
    + 'Conversations the bot handles wait in the inbox\'s Bot tab and are assigned when it hands over.';
}

/**
 * One day's opening hours as time pickers instead of free text: each span is an "opens" and a
 * "closes" picker; no span is closed all day. {@code spans()} reads [["09:00","17:00"], …].
 */
function dayHours(day, spans) {
  const list = h('div', { class: 'spans', id: `auto-hours-${day}` });
  const closed = h('span', { class: 'hint' }, 'Closed');
  const update = () => { closed.hidden = list.children.length > 0; };
  const add = (from = '09:00', to = '17:00') => {
    const opens = h('input', { type: 'time', value: from, class: 'opens', 'aria-label': `${DAY_NAMES[day]} opens at` });
    const closes = h('input', { type: 'time', value: to, class: 'closes', 'aria-label': `${DAY_NAMES[day]} closes at` });
    const row = h('div', { class: 'span-row' }, opens, '–', closes,
      h('button', { type: 'button', 'aria-label': `Remove these ${DAY_NAMES[day]} hours`,
        onclick: () => { row.remove(); update(); } }, 'Remove'));
    list.append(row);
    update();
  };
  // A time picker has no "24:00": a span to midnight shows as closing at 00:00, and is sent back as 24:00.
  (spans || []).forEach((x) => add(x[0], x[1] === '24:00' ? '00:00' : x[1]));
  update();
  return {
    el: h('div', { class: 'hours-day', role: 'group', 'aria-label': `${DAY_NAMES[day]} hours` },
      h('span', { class: 'day-name' }, DAY_NAMES[day]),
      h('div', {}, list, closed, h('button', { type: 'button', class: 'add-hours', id: `auto-add-${day}`,
        onclick: () => add() }, 'Add hours'))),
    spans: () => [...list.querySelectorAll('.span-row')].map((r) => [r.querySelector('.opens').value,
      r.querySelector('.closes').value === '00:00' ? '24:00' : r.querySelector('.closes').value]),
  };
}

/** Whether the person is an owner or admin of the business they act for: only they change automation. */
async function managesBusiness() {
  const me = (await act.get('/agents')).items.find((a) => a.account.id === state.me.id);
  return me?.role === 'owner' || me?.role === 'admin';
}

export function automationView() {
  let manager = false;
  const heading = h('h2', { tabindex: '-1' }, `${state.acting.display_name}: automation`);
  const error = h('p', { class: 'error', role: 'alert' });
  const status = h('p', { class: 'note', role: 'status' });
  const settingsForm = h('form', { class: 'stack', id: 'automation-form' });
  const faqList = h('ul', { class: 'results', id: 'faq-list' });
  const unansweredList = h('ul', { class: 'results', id: 'faq-unanswered' });
  let entries = [];
  const botList = h('ul', { class: 'results', id: 'bot-list' });
  const settingsError = h('p', { class: 'error', role: 'alert', id: 'automation-error' });
  const saved = h('p', { class: 'note', role: 'status', id: 'automation-saved' });

  async function loadSettings() {
    const s = await act.get('/automation');
    const instant = check('auto-instant', 'Send an instant reply to a customer\'s first message', s.instant_reply.enabled);
    const instantText = h('textarea', { id: 'auto-instant-text', rows: '2' });
    instantText.value = s.instant_reply.text;
    const away = check('auto-away', 'Send an away message outside business hours (once per closed period)', s.away_message.enabled);
    const awayText = h('textarea', { id: 'auto-away-text', rows: '2' });
    awayText.value = s.away_message.text;
    const zone = h('input', { id: 'auto-zone', value: s.away_message.time_zone || 'UTC' });
    const hours = DAYS.map((d) => dayHours(d, s.away_message.hours?.[d]));
    const holidays = h('input', { id: 'auto-holidays', value: (s.away_message.holidays || []).join(', '), placeholder: '2026-12-25' });
    const faq = check('auto-faq', 'Let the FAQ bot answer from the entries below', s.faq_bot.enabled);
    const threshold = h('input', { id: 'auto-threshold', type: 'number', step: '0.05', min: '0.05', max: '0.95',
      value: String(s.faq_bot.threshold) });
    const starters = h('textarea', { id: 'auto-starters', rows: '3' });
    starters.value = (s.faq_bot.starter_questions || []).join('\n');
    const profile = h('textarea', { id: 'auto-profile', rows: '3', maxlength: '1000',
      placeholder: 'Bike shop: road and city bikes, parts, helmets, lights, clothing; repairs and servicing.' });
    profile.value = s.faq_bot.profile || '';
    const handoff = h('input', { id: 'auto-handoff', value: (s.handoff_words || []).join(', ') });
    const survey = check('auto-satisfaction', 'Ask the customer to rate the conversation (1 to 5) when it is resolved',
      s.satisfaction?.enabled);
    const surveyText = h('textarea', { id: 'auto-satisfaction-text', rows: '2' });
    surveyText.value = s.satisfaction?.text || '';
    const outcome = h('p', { class: 'note', id: 'automation-outcome', 'aria-live': 'polite' });
    const explain = () => { outcome.textContent = whatCustomersGet(instant.box.checked, away.box.checked, faq.box.checked); };
    [instant, away, faq].forEach((c) => c.box.addEventListener('change', explain));
    explain();
    fill(settingsForm,
      h('h3', {}, 'Instant reply'), instant.el,
      field('auto-instant-text', 'Text', instantText, 'A template, like saved replies: {{customer.first_name | default: "there"}}, {{business.name}}.'),
      h('h3', {}, 'Away message and business hours'), away.el,
      field('auto-away-text', 'Text', awayText),
      field('auto-zone', 'Time zone', zone, 'For example Europe/Berlin or America/New_York.'),
      h('p', { class: 'hint' }, 'Opening hours, in the time zone above; a day with no hours is closed.'),
      ...hours.map((d) => d.el),
      field('auto-holidays', 'Holidays', holidays, 'Dates, separated by commas.'),
      h('h3', {}, 'FAQ bot'), faq.el,
      field('auto-threshold', 'Answers from a similarity of', threshold, 'Between 0 and 1: higher answers less often, and more surely.'),
      field('auto-starters', 'Starter questions (up to 4, one a line)', starters),
      field('auto-profile', 'What does your business do or sell?', profile,
        'The products and services you name here count as yours, so the bot answers "can I return this helmet?" instead of asking back.'),
      field('auto-handoff', 'Words that ask for a person', handoff),
      h('h3', {}, 'Satisfaction rating'), survey.el,
      field('auto-satisfaction-text', 'Question', surveyText, 'Sent once per resolution; the customer answers with five buttons under it, or by replying with a number ("5", "4/5 quick and friendly"). Ratings show on the Responsiveness page.'),
      h('h3', {}, 'What customers get'), outcome,
      settingsError, saved,
      h('button', { type: 'submit', class: 'primary' }, 'Save automation'));
    settingsForm.onsubmit = async (e) => {
      e.preventDefault();
      settingsError.textContent = '';
      saved.textContent = '';
      const hoursBody = {};
      // Every day, [] for a closed one: the server merges hours day by day, so a day left out keeps its hours.
      DAYS.forEach((d, i) => { hoursBody[d] = hours[i].spans(); });
      try {
        await act.put('/automation', {
          instant_reply: { enabled: instant.box.checked, text: instantText.value },
          away_message: { enabled: away.box.checked, text: awayText.value, time_zone: zone.value.trim(), hours: hoursBody,
            holidays: holidays.value.split(',').map((x) => x.trim()).filter(Boolean) },
          faq_bot: { enabled: faq.box.checked, threshold: Number(threshold.value),
            starter_questions: starters.value.split('\n').map((x) => x.trim()).filter(Boolean),
            profile: profile.value.trim() },
          handoff_words: handoff.value.split(',').map((x) => x.trim()).filter(Boolean),
          satisfaction: { enabled: survey.box.checked, text: surveyText.value },
        });
        saved.textContent = 'Automation saved.';
      } catch (err) {
        settingsError.textContent = err.message;
      }
    };
  }

  async function loadFaq() {
    const page = await act.get('/faq');
    entries = page.items;
    fill(faqList, page.items.length ? page.items.map(faqItem) : h('li', { class: 'empty' }, 'No FAQ entries yet.'));
  }

  /** Customer questions the bot could not answer, each offered as a phrasing of an entry the owner picks (the bot's nearest first). */
  async function loadUnanswered() {
    const page = await act.get('/faq/unanswered');
    fill(unansweredList, page.items.length && entries.length ? page.items.map((u, i) => {
      const target = h('select', { id: `faq-unanswered-target-${i}`, 'aria-label': `Entry for “${u.text}”` },
        ...entries.map((f) => h('option', { value: f.id, selected: f.id === u.nearest_entry_id }, f.question)));
      return h('li', {}, h('span', { class: 'unanswered-text' }, u.text), ' ',
        h('button', { type: 'button', class: 'add-unanswered', onclick: () => run(async () => {
          const f = entries.find((x) => x.id === target.value);
          await savePhrasings(f, [...f.questions, u.text]);
          status.textContent = `Added “${u.text}” to “${f.question}”.`;
        }, faqError) }, 'Add as a phrasing of'), ' ', target);
    }) : h('li', { class: 'empty' }, 'None yet: questions the bot could not answer show here.'));
  }

  /** Saves an entry with other phrasings (the answer and keywords kept); a PUT replaces the phrasings. */
  async function savePhrasings(f, questions) {
    await act.put(`/faq/${enc(f.id)}`, { questions, answer: f.answer, keywords: f.keywords });
    await loadFaq();
    await loadUnanswered();
  }

  /** One entry: every phrasing (each removable but the last), its answer, and a box to add phrasings, one a line. */
  function faqItem(f) {
    const more = h('textarea', { rows: '2', class: 'faq-more', id: `faq-more-${f.id}`,
      placeholder: 'Other ways customers ask this, one a line' });
    const phrasings = h('ul', { class: 'phrasings' }, ...f.questions.map((q) => h('li', {}, q,
      f.questions.length > 1 ? h('button', { type: 'button', class: 'link remove-phrasing', 'aria-label': `Remove “${q}”`,
        onclick: () => run(() => savePhrasings(f, f.questions.filter((x) => x !== q)), faqError) }, 'Remove') : null)));
    return h('li', { class: 'saved faq-entry', 'data-id': f.id },
      h('p', {}, h('strong', {}, f.question)), phrasings, h('p', { class: 'hint' }, f.answer), refusedNote(f),
      h('label', { for: `faq-more-${f.id}`, class: 'vh' }, `More phrasings of “${f.question}”`), more,
      h('button', { type: 'button', class: 'add-phrasings', onclick: () => run(() => savePhrasings(f,
        [...f.questions, ...lines(more.value)]), faqError) }, 'Add phrasings'),
      h('button', { type: 'button', class: 'danger', onclick: () => run(async () => {
        await act.del(`/faq/${enc(f.id)}`);
        await loadFaq();
      }) }, 'Delete'));
  }

  /** An answer the business rules refuse to customers who have not opted in: the bot hands them to a person. */
  function refusedNote(f) {
    return f.answer_refused ? h('p', { class: 'caution answer-refused', role: 'note' },
      `This answer reads as promotion (${f.answer_refused.reasons.join(', ')}): the bot can send it only to customers who `
      + 'opted in to promotional messages, and hands the others to a person. Leave the offer out to let the bot answer everyone.')
      : null;
  }

  async function loadBots() {
    const page = await act.get('/bots');
    fill(botList, page.items.length ? page.items.map(botItem) : h('li', { class: 'empty' }, 'No bots yet.'));
  }

  function botItem(b) {
    const log = h('ul', { class: 'deliveries' });
    return h('li', { class: 'saved' },
      h('p', {}, h('strong', {}, b.name), ` → ${b.url}`),
      h('button', { type: 'button', onclick: () => run(async () => {
        const page = await act.get(`/bots/${enc(b.id)}/deliveries?limit=20`);
        fill(log, page.items.length ? page.items.map((d) => h('li', {},
          `${d.event_type}: ${d.status} after ${d.attempts} ${d.attempts === 1 ? 'try' : 'tries'}`
          + (d.last_status ? ` (HTTP ${d.last_status})` : '') + (d.last_error && d.status !== 'delivered' ? ` — ${d.last_error}` : '')))
          : h('li', { class: 'empty' }, 'Nothing delivered yet.'));
      }) }, 'Delivery log'),
      h('button', { type: 'button', class: 'danger', onclick: () => run(async () => {
        await act.del(`/bots/${enc(b.id)}`);
        await loadBots();
      }) }, 'Remove'),
      log);
  }

  /** Runs an action; a refusal is shown beside the form it came from (the page's top by default). */
  async function run(work, where = error) {
    error.textContent = '';
    faqError.textContent = '';
    botError.textContent = '';
    status.textContent = '';
    try {
      await work();
    } catch (e) {
      where.textContent = e.message;
    }
  }

  const faqError = h('p', { class: 'error', role: 'alert', id: 'faq-error' });
  const botError = h('p', { class: 'error', role: 'alert', id: 'bot-error' });

  const question = h('input', { id: 'faq-question', maxlength: '500' });
  const others = h('textarea', { id: 'faq-questions', rows: '3', placeholder: 'when are you open?\nare you open on sundays?' });
  const answer = h('textarea', { id: 'faq-answer', rows: '2' });
  const keywords = h('input', { id: 'faq-keywords' });
  const faqForm = h('form', { class: 'stack', onsubmit: (e) => {
    e.preventDefault();
    run(async () => {
      await act.post('/faq', { question: question.value, examples: lines(others.value), answer: answer.value,
        keywords: keywords.value.split(',').map((x) => x.trim()).filter(Boolean) });
      question.value = '';
      others.value = '';
      answer.value = '';
      keywords.value = '';
      status.textContent = 'Entry added.';
      await loadFaq();
    }, faqError);
  } },
  field('faq-question', 'Question', question),
  field('faq-questions', 'Other ways customers ask it (one a line)', others,
    'The bot compares a customer\'s question with every phrasing; a few everyday ones help it most.'),
  field('faq-answer', 'Answer', answer),
  field('faq-keywords', 'Keywords (optional, commas)', keywords), faqError,
  h('button', { type: 'submit' }, 'Add entry'));

  const tryInput = h('input', { id: 'faq-try', placeholder: 'when do you open?' });
  const tryResult = h('div', { class: 'note', id: 'faq-try-result', role: 'status' });
  const tryForm = h('form', { class: 'compose-row faq-try', onsubmit: (e) => {
    e.preventDefault();
    run(async () => {
      const tried = tryInput.value.trim();
      const r = await act.post('/faq/try', { question: tried });
      if (!r.entry) {
        fill(tryResult, 'No entries to match yet.');
        return;
      }
      // Words the entry does not explain weigh against it; say so when that kept the bot from answering.
      const why = r.unexplained ? `“${r.unexplained}” may not be what this entry is about` : `below ${r.threshold}`;
      const line = `Best match: “${r.entry.question}”, score ${r.score.toFixed(2)} — ${r.answers ? 'the bot would answer'
        : r.asks_back ? `${why}: the bot would ask “Did you mean…?”`
        : `${why}: the bot would not answer`}.`;
      const via = r.matched_question && r.matched_question !== r.entry.question
        ? h('p', {}, `Nearest phrasing: “${r.matched_question}”.`) : null;
      const readAs = r.read_as ? h('p', { id: 'faq-try-read-as' }, `Read as: “${r.read_as}”.`) : null;
      // A suggestion: the question tried becomes a phrasing of the entry it should get.
      const target = h('select', { id: 'faq-try-target', 'aria-label': 'Entry to add the question to' },
        ...entries.map((f) => h('option', { value: f.id, selected: f.id === r.entry.id ? 'selected' : null }, f.question)));
      const add = h('button', { type: 'button', id: 'faq-try-add', onclick: () => run(async () => {
        const f = entries.find((x) => x.id === target.value);
        await savePhrasings(f, [...f.questions, tried]);
        fill(tryResult, `Added “${tried}” to “${f.question}”.`);
      }, faqError) }, 'Add it as a phrasing of');
      fill(tryResult, readAs, h('p', {}, line), via, r.answers || r.asks_back ? refusedNote({ answer_refused: r.answer_refused }) : null,
        manager ? h('p', {}, add, ' ', target) : null);
    }, faqError);
  } }, h('label', { for: 'faq-try', class: 'vh' }, 'Try a question'), tryInput, h('button', { type: 'submit' }, 'Try'));

  const botName = h('input', { id: 'bot-name', maxlength: '64' });
  const botUrl = h('input', { id: 'bot-url', type: 'url', placeholder: 'https://bots.example.com/parley' });
  const secrets = h('p', { class: 'note', id: 'bot-secrets', role: 'status' });
  const botForm = h('form', { class: 'stack', onsubmit: (e) => {
    e.preventDefault();
    run(async () => {
      const r = await act.post('/bots', { name: botName.value, url: botUrl.value });
      secrets.textContent = `Bot token: ${r.token} — signing secret: ${r.secret}. Copy them now: they are not shown again.`;
      botName.value = '';
      botUrl.value = '';
      await loadBots();
    }, botError);
  } }, field('bot-name', 'Name', botName), field('bot-url', 'Webhook URL', botUrl), botError,
  h('button', { type: 'submit' }, 'Register bot'));

  const readOnly = h('p', { class: 'note', id: 'automation-read-only', hidden: true },
    "Only the business's owners and admins change its automation. You can read it here and try questions.");
  // A disabled fieldset disables every control inside, the FAQ entries drawn later included. It
  // shows once the person's role is known, so nothing is typed into a form about to be disabled.
  const editable = h('fieldset', { class: 'plain', id: 'automation-editable', hidden: true },
    settingsForm,
    h('h3', {}, 'FAQ entries'), faqList, faqForm,
    h('h3', {}, 'Questions the bot could not answer'), unansweredList);
  const bots = h('div', { id: 'automation-bots', hidden: true },
    h('h3', {}, 'External bots'), h('p', { class: 'hint' }, 'Bots get the business\'s events as signed webhooks and answer with their token, under the same rules as agents.'),
    botList, botForm, secrets);

  run(async () => {
    manager = await managesBusiness();
    readOnly.hidden = manager;
    editable.disabled = !manager;
    editable.hidden = false;
    bots.hidden = !manager;
    await Promise.all([loadSettings(), loadFaq().then(loadUnanswered), manager ? loadBots() : null]);
  });
  return {
    el: h('section', { class: 'page' }, h('a', { class: 'back', href: '#/inbox' }, '← Shared inbox'), heading, readOnly, error, status,
      editable,
      h('h3', {}, 'Try a question'), tryForm, tryResult,
      bots),
    focus: () => heading.focus(),
  };
}
