// A compact, built-in set of common emoji with the words people search them by (no CDN, no
// network). Each line: category, then "emoji name words…" entries separated by "|".

const RAW = {
  Smileys: '😀 grinning smile happy|😃 smiley happy joy|😄 smile laugh happy|😁 grin beaming|😆 laughing squint|'
    + '😅 sweat smile relief|🤣 rofl rolling floor laughing|😂 joy tears laughing lol|🙂 slightly smiling|🙃 upside down|'
    + '😉 wink|😊 blush smiling|😇 innocent halo angel|🥰 love hearts adore|😍 heart eyes love|🤩 star struck wow|'
    + '😘 kiss blowing|😋 yum tasty delicious|😛 tongue|😜 wink tongue crazy|🤪 zany crazy|🤑 money|🤗 hug hugging|'
    + '🤭 oops hand over mouth|🤫 shush quiet secret|🤔 thinking hmm|🤐 zipper mouth|🤨 raised eyebrow skeptical|'
    + '😐 neutral meh|😑 expressionless|😶 no mouth speechless|😏 smirk|😒 unamused|🙄 eye roll|😬 grimace awkward|'
    + '😌 relieved|😔 pensive sad|😪 sleepy|😴 sleeping zzz tired|😷 mask sick|🤒 thermometer ill fever|🤢 nauseated sick|'
    + '🤮 vomit sick|🥵 hot heat|🥶 cold freezing|🥴 woozy dizzy|😵 dizzy|🤯 mind blown exploding head|🤠 cowboy|'
    + '🥳 party celebrate birthday|😎 cool sunglasses|🤓 nerd geek|🧐 monocle curious|😕 confused|😟 worried|'
    + '🙁 frown sad|😮 open mouth wow surprised|😯 hushed|😲 astonished shocked|😳 flushed embarrassed|🥺 pleading puppy eyes|'
    + '😦 frowning|😧 anguished|😨 fearful scared|😰 anxious sweat|😥 sad relieved|😢 cry tear sad|😭 sob crying|'
    + '😱 scream fear|😖 confounded|😣 persevere|😞 disappointed|😓 downcast sweat|😩 weary|😫 tired|🥱 yawn bored|'
    + '😤 triumph huff|😡 pout angry rage|😠 angry mad|🤬 cursing swearing|😈 devil smiling imp|💀 skull dead|'
    + '💩 poop|🤡 clown|👻 ghost boo|👽 alien|🤖 robot bot|😺 cat smile|😻 cat heart eyes|🙈 see no evil monkey|'
    + '🙉 hear no evil|🙊 speak no evil',
  People: '👋 wave hello hi bye|🤚 raised back hand|✋ hand stop high five|🖖 vulcan|👌 ok perfect|🤌 pinched fingers|'
    + '✌️ victory peace|🤞 fingers crossed luck|🤟 love you|🤘 rock horns|🤙 call me shaka|👈 left point|👉 right point|'
    + '👆 up point|👇 down point|☝️ index up|👍 thumbs up yes like approve|👎 thumbs down no dislike|✊ fist|👊 punch fist bump|'
    + '👏 clap applause bravo|🙌 raising hands hooray|👐 open hands|🤲 palms up|🤝 handshake deal|🙏 pray please thanks|'
    + '✍️ writing|💪 muscle strong flex|🧠 brain smart|👀 eyes look|👁️ eye|👅 tongue|👄 lips mouth|💋 kiss lips|'
    + '👶 baby|🧒 child|👦 boy|👧 girl|🧑 person|👨 man|👩 woman|🧓 older person|👴 grandpa|👵 grandma|'
    + '🙋 raising hand|🤷 shrug whatever|🤦 facepalm|🙇 bow|💁 tipping hand|🙆 ok gesture|🙅 no gesture|'
    + '👩‍💻 technologist coder developer|👨‍🍳 cook chef|👮 police|🧑‍🚀 astronaut|🧙 mage wizard|🧛 vampire|'
    + '🏃 running run|🚶 walking walk|💃 dancing dance|🕺 man dancing|🧘 yoga meditate|👨‍👩‍👧 family|👫 couple',
  Hearts: '❤️ red heart love|🧡 orange heart|💛 yellow heart|💚 green heart|💙 blue heart|💜 purple heart|🖤 black heart|'
    + '🤍 white heart|🤎 brown heart|💔 broken heart|❣️ heart exclamation|💕 two hearts|💞 revolving hearts|'
    + '💓 beating heart|💗 growing heart|💖 sparkling heart|💘 cupid arrow|💝 heart ribbon gift|💯 hundred perfect|'
    + '💢 anger|💥 boom collision|💫 dizzy star|💦 sweat drops|💨 dash|💬 speech bubble chat|💭 thought bubble|💤 zzz sleep',
  Nature: '🐶 dog puppy|🐱 cat kitten|🐭 mouse|🐹 hamster|🐰 rabbit bunny|🦊 fox|🐻 bear|🐼 panda|🐨 koala|🐯 tiger|'
    + '🦁 lion|🐮 cow|🐷 pig|🐸 frog|🐵 monkey|🐔 chicken|🐧 penguin|🐦 bird|🦆 duck|🦅 eagle|🦉 owl|🦜 parrot|'
    + '🐴 horse|🦄 unicorn|🐝 bee|🦋 butterfly|🐌 snail|🐞 ladybug|🐢 turtle|🐍 snake|🐙 octopus|🐠 fish|🐬 dolphin|'
    + '🐳 whale|🦈 shark|🌵 cactus|🎄 christmas tree|🌲 evergreen tree|🌳 tree|🌴 palm tree|🌱 seedling plant|🍀 clover luck|'
    + '🍁 maple leaf autumn|🍂 fallen leaves|🌷 tulip|🌹 rose|🌻 sunflower|🌸 cherry blossom|💐 bouquet flowers|'
    + '🌞 sun face|🌝 full moon face|🌙 moon night|⭐ star|🌟 glowing star|✨ sparkles|⚡ lightning zap|🔥 fire lit hot|'
    + '🌈 rainbow|☀️ sun sunny|⛅ cloud sun|☁️ cloud|🌧️ rain|⛈️ storm|❄️ snowflake snow cold|☃️ snowman|🌊 wave ocean sea',
  Food: '🍏 green apple|🍎 apple|🍐 pear|🍊 orange|🍋 lemon|🍌 banana|🍉 watermelon|🍇 grapes|🍓 strawberry|🍒 cherries|'
    + '🍑 peach|🥭 mango|🍍 pineapple|🥥 coconut|🥝 kiwi|🍅 tomato|🥑 avocado|🥦 broccoli|🌽 corn|🥕 carrot|🥔 potato|'
    + '🥐 croissant|🍞 bread|🧀 cheese|🥚 egg|🍳 cooking fried egg|🥞 pancakes|🥓 bacon|🍔 burger hamburger|🍟 fries|'
    + '🍕 pizza|🌭 hot dog|🥪 sandwich|🌮 taco|🌯 burrito|🥗 salad|🍝 spaghetti pasta|🍜 ramen noodles|🍣 sushi|'
    + '🍱 bento|🍤 shrimp|🍦 ice cream|🍩 doughnut donut|🍪 cookie|🎂 birthday cake|🍰 cake|🧁 cupcake|🍫 chocolate|'
    + '🍬 candy|🍿 popcorn|☕ coffee tea hot|🍵 tea|🧋 bubble tea|🍺 beer|🍻 cheers beers|🥂 champagne toast|🍷 wine|'
    + '🍸 cocktail|🍹 tropical drink|🥤 soda cup',
  Activities: '⚽ soccer football|🏀 basketball|🏈 american football|⚾ baseball|🎾 tennis|🏐 volleyball|🏓 ping pong|'
    + '🏸 badminton|🥊 boxing|⛳ golf|🎿 ski|🏂 snowboard|🏋️ weight lifting gym|🧗 climbing climber|🚴 cycling bike|'
    + '🏊 swimming|🏄 surfing|🏆 trophy win|🥇 gold medal first|🥈 silver medal|🥉 bronze medal|🎮 video game|🎲 dice game|'
    + '🎯 bullseye target|🎳 bowling|🎸 guitar|🎹 piano|🎤 microphone sing|🎧 headphones music|🎬 clapper movie|🎨 art palette|'
    + '🎉 party popper tada celebrate|🎊 confetti|🎈 balloon|🎁 gift present|🎀 ribbon|🎃 jack o lantern halloween|🎆 fireworks',
  Travel: '🚗 car|🚕 taxi|🚌 bus|🚑 ambulance|🚒 fire engine|🚓 police car|🚲 bicycle|🛵 scooter|🏍️ motorcycle|🚂 train|'
    + '🚆 train|🚇 metro|✈️ airplane flight|🚀 rocket launch|🚁 helicopter|⛵ sailboat|🚢 ship|⚓ anchor|🗺️ map|🧭 compass|'
    + '⛰️ mountain|🏔️ snow mountain|🏕️ camping|🏖️ beach|🏝️ island|🏠 house home|🏢 office building|🏥 hospital|🏫 school|'
    + '⛪ church|🗽 statue of liberty|🗼 tower|🎡 ferris wheel|🌍 earth globe world|⏰ alarm clock|⌛ hourglass|📅 calendar date',
  Objects: '📱 phone mobile|💻 laptop computer|⌨️ keyboard|🖥️ desktop|🖨️ printer|📷 camera|📸 camera flash photo|'
    + '📺 tv|📻 radio|🔋 battery|🔌 plug|💡 bulb idea|🔦 flashlight|📚 books|📖 book|📝 memo note|✏️ pencil|📌 pin|'
    + '📎 paperclip|✂️ scissors|🔒 lock|🔑 key|🔨 hammer|🔧 wrench|⚙️ gear settings|🧲 magnet|💊 pill|💉 syringe|'
    + '💰 money bag|💳 credit card|💸 money wings|📦 package box|📫 mailbox|✉️ envelope mail|📧 email|📣 megaphone|'
    + '🔔 bell|🎵 music note|⏳ hourglass waiting|🛒 cart shopping|🛏️ bed|🚪 door|🧸 teddy bear|🪴 potted plant',
  Symbols: '✅ check done yes|☑️ ballot check|✔️ check mark|❌ cross no wrong|❎ cross button|➕ plus|➖ minus|❓ question|'
    + '❗ exclamation|‼️ double exclamation|⚠️ warning|🚫 prohibited no|⛔ no entry|🔴 red circle|🟢 green circle|'
    + '🔵 blue circle|🟡 yellow circle|⬆️ up arrow|⬇️ down arrow|➡️ right arrow|⬅️ left arrow|🔄 repeat refresh|'
    + '🆗 ok button|🆕 new|🆒 cool|🆘 sos help|ℹ️ information|♻️ recycle|💲 dollar|©️ copyright|®️ registered|™️ trademark|'
    + '1️⃣ one|2️⃣ two|3️⃣ three|#️⃣ hash|🔟 ten',
  Flags: '🏁 chequered flag finish|🚩 red flag|🏳️ white flag|🏴 black flag|🏳️‍🌈 rainbow flag pride|🇺🇸 united states usa|'
    + '🇬🇧 united kingdom uk|🇨🇦 canada|🇫🇷 france|🇩🇪 germany|🇮🇹 italy|🇪🇸 spain|🇵🇹 portugal|🇳🇱 netherlands|'
    + '🇧🇷 brazil|🇲🇽 mexico|🇯🇵 japan|🇰🇷 korea|🇨🇳 china|🇮🇳 india|🇦🇺 australia|🇺🇦 ukraine|🇪🇺 european union',
};

/** [{ emoji, words, category }], in the order shown. */
export const EMOJI = Object.entries(RAW).flatMap(([category, list]) => list.split('|').map((entry) => {
  const [emoji, ...words] = entry.split(' ');
  return { emoji, words: words.join(' '), category };
}));

export const CATEGORIES = Object.keys(RAW);

/** Entries whose words start with every word of the query; the emoji itself matches too. */
export function searchEmoji(query) {
  const terms = query.toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (!terms.length) return EMOJI;
  return EMOJI.filter((e) => {
    const words = e.words.split(' ');
    return terms.every((t) => e.emoji === t || words.some((w) => w.startsWith(t)));
  });
}

const RECENT_KEY = 'parley.recentEmoji';
const RECENT_MAX = 16;

export function recentEmoji() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || '[]');
    return Array.isArray(list) ? list.filter((e) => typeof e === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

export function useEmoji(emoji) {
  const list = [emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, RECENT_MAX);
  try { localStorage.setItem(RECENT_KEY, JSON.stringify(list)); } catch { /* private mode: no history */ }
}
