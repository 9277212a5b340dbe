"""Ordinary English words one edit away from a trigger word: never read as its typo.

"panic" is no typo of "sanic", "tokyo" none of "tokio", "shift" none of "swift". The table
build (``vocabulary.typo_table``) keeps those within one edit of a target in ``typos.known``.

The list is the words of a standard English word list (Debian's ``wamerican``,
``/usr/share/dict/words``: lower-case, letters only, 5 letters or more) that were one edit
from a target (or were targets) when it was made. Where that list is installed,
``tests/triggers/test_typos.py`` checks that none is missing and names those to add after
trigger words change (sorted, separated by white space).
"""

from __future__ import annotations

_WORDS = """
accenting accepting acquired acquires after already alter andre another answering anther antone application
applications apter aster asynchronous asynchronously attached attacked await awaited awaits background
backgrounds become before behind behinds being beings bering black blacked blacking blacks bling bloc bloch
block blocked blocking blocks blocs boeing bond bound bounds bring brock buffered buffeted calfs calks call
callas calls callus calms cancel cancelation canceled cancellation cancellations cancelled cancels cancer
cancers cannon cannot carnot cells chancel chancels channel channels chose client clients clint clone cloned
close closed closer closes closet clove cloyed command commando commands commend compete competed competes
complected complete completed completer completes completest complexes comprehension comprehensions concurred
concurrence concurrency concurrent concurrently confection confections connecter connection connections
connector connectors consume consumed consumer consumers consumes content contest context contexts convection
crawled culls curie curio curios currant current currents daring database databases deadline deadlines
deadliness deadlock deadlocks decays delay delays destroyed destroyer different discard discoed disconnect
disconnected disconnects discord discords django does download downloads dreadlocks dripped drips drooped
droops drop dropped dropper drops dropsy dross duding duping during eery emery enable enabled enables entice
entire even evens event events ever evert every everybody everyone everything exception exceptions expected
expression expressions extra extras factor factors factory failing fails fall fame feds feed feeds feels fees
felling fells fends fetched fetches fetiches feuds fight filling fills finises finished finisher finishers
finishes fixture fixtures flack flak flame flank flash flask flasks flight flights flighty forge forged forger
forges forget forgets forgot framed framer frames framework frameworks fred free freed freer frees freeze
freezer freezers freezes freud fried frier friers friezes fright fulling fulls function functions future
futures garage garbage gather gathers generator generators give givens gives going goings gong goring graceful
grateful group groups grout grouts hags handier handing handle handled handler handlers handles handling hands
hang hanging hangings hangs hanks hans heady heartbeat heartbeats heave heavy hinging hings hods hold holds
holes hoods http ignore ignored ignores incoming inside insider insides interaction interactions iterator
iterators jupiter keyword keywords killed killer kilned lacks lading leaded leading leads leafed leafing leafs
leak leaked leakey leaking leaks leaky leaned leaning leans leaped leaping leaps leas leased leasing leaved
leaving leeks libraries library licit licks lifespan lifespans limit limits lines link links lints linus
loading loafing loaning lock locke locks locus looks looms loons loop loops loopy loots lops lording lucks
maces make maker makers males manage managed manager managers manages manes manger mangers mares massage
massages massed masses massing mates maxes mazes message messages messed messes messing method methods mikes
misled missed misses missing misted misting misused misuses misusing mosses mussed musses mussing never newer
nurseries nursery object objects ocher offline operation operations other others otter otters paces page paged
pager pagers pages paginate paginates pales paling panda pandas panes parallel parallels pares pates paves
pedantic pending penning perform performs phages pieing piing piking piling pilings pilling pining piping
playwright playwrights poling polls pols poohs pool poole pools poops premise process processing produce
produced producer producers produces profess professing program programs promise promised promises propagate
propagated propagates prowess python pythons quark quart quarto quarts quartz queue queued queues queuing
receive receiver receives receiving reconnect redid redis reds reese refuse reis release releases relying
remote remove removed remover removes repaying replaying replying reprieved request requests require required
requires requited resp respond responding responds retired retires retried retries retrieve retrieved
retriever retrieves retry retrying return returnee returns reuse reused reuses rote rouge rouges rouse rouses
rout route routed router routes routine routines routing routs ruining running ruse sack sades safe safer
safes safest sages sales sames sates saves saxes scone scones scope scoped scopes score scores scows scrap
scrape scraped scraper scrapers scrapes scrappy scraps scream screaming screams seep select selects semantic
semantics semaphore semaphored semaphores serer serve served server servers serves service serviced services
servile serving servings session sessions sever severs shack sheep shied shield shields shipped ships shits
shopped shops shots shouts shows shuck shuns shunts shut shutdown shutdowns shuts sides simultaneous sipped
sips sires sises site sited sites sits sixes sizes skids skies skimped skimps skims skins skip skipped skipper
skips skis skits slack sleek sleep sleeps sleepy sleet slews slipped slips slobs sloes slogs slope slopes
slopped slops slots slow slows sluts smack smalls smites smuts snack snipped snips snows snuck someones sonic
sopped sops sows spites staci stack stacks stacy stales stalk stalks stall stalls stank stark startup startups
statement statements steam steaming steams steep stepped steps stick sties stills stock stomped stomps stooped
stoops stop stopped stopper stops stows streak streaking streaks stream streaming streams stropped strops
struck structure structured structures stuck stunk suck suites sweep swerving swopped swops tacks take taken
taker takers takes tales talks tamed tames taming tanks tapes tares task tasks tass taxes teats telethon
telethons tenacity tents tess test testes testis tests testy texts throttle throttles tided tides tiding tied
tieing ties tikes tiled tiles tiling time timed timer timers times timex timid timing timings tines tired
tires tiring tokes tokyo tomes transport transports trent tusks tykes udder unable under unicorn unknown
unknowns unload unresponsive upload uploads usable user users uses ushers using version versions vies view
views wafting wailing waiving wanting wasting website websites were wezen whale while whiled whiles whine
white whiting whole wholes whore whose wile without wong worked worker workers wren wring writing wrong wrongs
wrung yield yields
"""

ORDINARY_WORDS = frozenset(_WORDS.split())
