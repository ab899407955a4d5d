export namespace account {
	
	export class Account {
	    name: string;
	    requirePreapproval: boolean;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Account(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.requirePreapproval = source["requirePreapproval"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class InitInput {
	    accountName: string;
	    name: string;
	    email: string;
	
	    static createFrom(source: any = {}) {
	        return new InitInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accountName = source["accountName"];
	        this.name = source["name"];
	        this.email = source["email"];
	    }
	}
	export class NewUser {
	    name: string;
	    email: string;
	    role: string;
	    manager: boolean;
	
	    static createFrom(source: any = {}) {
	        return new NewUser(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.manager = source["manager"];
	    }
	}
	export class User {
	    id: number;
	    name: string;
	    email: string;
	    role: string;
	    managerGranted: boolean;
	    manager: boolean;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new User(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.managerGranted = source["managerGranted"];
	        this.manager = source["manager"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class Status {
	    initialized: boolean;
	    account: Account;
	    me: User;
	    suggestedName: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.initialized = source["initialized"];
	        this.account = this.convertValues(source["account"], Account);
	        this.me = this.convertValues(source["me"], User);
	        this.suggestedName = source["suggestedName"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace approval {
	
	export class Approval {
	    listingId: string;
	    scope: string;
	    userIds: number[];
	    note: string;
	    updatedAt: string;
	    changed: string[];
	
	    static createFrom(source: any = {}) {
	        return new Approval(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.listingId = source["listingId"];
	        this.scope = source["scope"];
	        this.userIds = source["userIds"];
	        this.note = source["note"];
	        this.updatedAt = source["updatedAt"];
	        this.changed = source["changed"];
	    }
	}
	export class Request {
	    id: number;
	    listingId: string;
	    listingName: string;
	    listingType: string;
	    userId: number;
	    userName: string;
	    userEmail: string;
	    reason: string;
	    status: string;
	    decidedBy: number;
	    decisionNote: string;
	    createdAt: string;
	    decidedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Request(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.listingId = source["listingId"];
	        this.listingName = source["listingName"];
	        this.listingType = source["listingType"];
	        this.userId = source["userId"];
	        this.userName = source["userName"];
	        this.userEmail = source["userEmail"];
	        this.reason = source["reason"];
	        this.status = source["status"];
	        this.decidedBy = source["decidedBy"];
	        this.decisionNote = source["decisionNote"];
	        this.createdAt = source["createdAt"];
	        this.decidedAt = source["decidedAt"];
	    }
	}
	export class Decision {
	    allowed: boolean;
	    reason: string;
	    selfApproved: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Decision(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.allowed = source["allowed"];
	        this.reason = source["reason"];
	        this.selfApproved = source["selfApproved"];
	    }
	}
	export class Action {
	    state: string;
	    decision: Decision;
	    request?: Request;
	    approval: Approval;
	
	    static createFrom(source: any = {}) {
	        return new Action(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.decision = this.convertValues(source["decision"], Decision);
	        this.request = this.convertValues(source["request"], Request);
	        this.approval = this.convertValues(source["approval"], Approval);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AppFilter {
	    state: string;
	    text: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new AppFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.text = source["text"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class AppState {
	    listingId: string;
	    name: string;
	    developer: string;
	    type: string;
	    state: string;
	    userCount: number;
	    note: string;
	    approvedAt: string;
	    pendingRequests: number;
	    noLongerListed: boolean;
	    changedSinceApproved: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AppState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.listingId = source["listingId"];
	        this.name = source["name"];
	        this.developer = source["developer"];
	        this.type = source["type"];
	        this.state = source["state"];
	        this.userCount = source["userCount"];
	        this.note = source["note"];
	        this.approvedAt = source["approvedAt"];
	        this.pendingRequests = source["pendingRequests"];
	        this.noLongerListed = source["noLongerListed"];
	        this.changedSinceApproved = source["changedSinceApproved"];
	    }
	}
	
	export class BulkResult {
	    done: string[];
	    failed: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new BulkResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.done = source["done"];
	        this.failed = source["failed"];
	    }
	}
	
	export class Grant {
	    forAccount: boolean;
	    userIds: number[];
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new Grant(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.forAccount = source["forAccount"];
	        this.userIds = source["userIds"];
	        this.note = source["note"];
	    }
	}
	
	export class Verdict {
	    approve: boolean;
	    forAccount: boolean;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new Verdict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.approve = source["approve"];
	        this.forAccount = source["forAccount"];
	        this.note = source["note"];
	    }
	}

}

export namespace audit {
	
	export class Entry {
	    id: number;
	    at: string;
	    actorId: number;
	    actorName: string;
	    actorEmail: string;
	    action: string;
	    target: string;
	    details: string;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actorId = source["actorId"];
	        this.actorName = source["actorName"];
	        this.actorEmail = source["actorEmail"];
	        this.action = source["action"];
	        this.target = source["target"];
	        this.details = source["details"];
	    }
	}
	export class Filter {
	    action: string;
	    actor: string;
	    target: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Filter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.action = source["action"];
	        this.actor = source["actor"];
	        this.target = source["target"];
	        this.limit = source["limit"];
	    }
	}

}

export namespace catalog {
	
	export class Stats {
	    installs: number;
	    rating: number;
	    ratingCount: number;
	
	    static createFrom(source: any = {}) {
	        return new Stats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.installs = source["installs"];
	        this.rating = source["rating"];
	        this.ratingCount = source["ratingCount"];
	    }
	}
	export class Developer {
	    name: string;
	    website: string;
	    verified: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Developer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.website = source["website"];
	        this.verified = source["verified"];
	    }
	}
	export class Card {
	    id: string;
	    name: string;
	    developer: Developer;
	    summary: string;
	    iconUrl: string;
	    categories: string[];
	    type: string;
	    stats: Stats;
	    updatedAt: string;
	    noLongerListed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Card(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.developer = this.convertValues(source["developer"], Developer);
	        this.summary = source["summary"];
	        this.iconUrl = source["iconUrl"];
	        this.categories = source["categories"];
	        this.type = source["type"];
	        this.stats = this.convertValues(source["stats"], Stats);
	        this.updatedAt = source["updatedAt"];
	        this.noLongerListed = source["noLongerListed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Category {
	    name: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Category(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.count = source["count"];
	    }
	}
	export class FieldOption {
	    value: string;
	    label: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.label = source["label"];
	    }
	}
	export class ConfigField {
	    key: string;
	    label: string;
	    help?: string;
	    type: string;
	    required: boolean;
	    default?: any;
	    min?: number;
	    max?: number;
	    options?: FieldOption[];
	    placeholder?: string;
	
	    static createFrom(source: any = {}) {
	        return new ConfigField(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.help = source["help"];
	        this.type = source["type"];
	        this.required = source["required"];
	        this.default = source["default"];
	        this.min = source["min"];
	        this.max = source["max"];
	        this.options = this.convertValues(source["options"], FieldOption);
	        this.placeholder = source["placeholder"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Configuration {
	    kind: string;
	    url?: string;
	    fields?: ConfigField[];
	
	    static createFrom(source: any = {}) {
	        return new Configuration(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.url = source["url"];
	        this.fields = this.convertValues(source["fields"], ConfigField);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class EntryProblem {
	    source: string;
	    entry: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new EntryProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.entry = source["entry"];
	        this.reason = source["reason"];
	    }
	}
	
	export class Home {
	    categories: Category[];
	    popular: Card[];
	    recentlyUpdated: Card[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Home(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.categories = this.convertValues(source["categories"], Category);
	        this.popular = this.convertValues(source["popular"], Card);
	        this.recentlyUpdated = this.convertValues(source["recentlyUpdated"], Card);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Links {
	    privacyPolicy: string;
	    terms: string;
	    support: string;
	    documentation: string;
	
	    static createFrom(source: any = {}) {
	        return new Links(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.privacyPolicy = source["privacyPolicy"];
	        this.terms = source["terms"];
	        this.support = source["support"];
	        this.documentation = source["documentation"];
	    }
	}
	export class OAuthClient {
	    clientId: string;
	    issuer?: string;
	    authorizationEndpoint?: string;
	    tokenEndpoint?: string;
	    revocationEndpoint?: string;
	    redirectPath: string;
	    sandbox: boolean;
	
	    static createFrom(source: any = {}) {
	        return new OAuthClient(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clientId = source["clientId"];
	        this.issuer = source["issuer"];
	        this.authorizationEndpoint = source["authorizationEndpoint"];
	        this.tokenEndpoint = source["tokenEndpoint"];
	        this.revocationEndpoint = source["revocationEndpoint"];
	        this.redirectPath = source["redirectPath"];
	        this.sandbox = source["sandbox"];
	    }
	}
	export class Scope {
	    name: string;
	    description: string;
	    sensitive: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Scope(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.description = source["description"];
	        this.sensitive = source["sensitive"];
	    }
	}
	export class Screenshot {
	    url: string;
	    caption: string;
	
	    static createFrom(source: any = {}) {
	        return new Screenshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.caption = source["caption"];
	    }
	}
	export class Listing {
	    id: string;
	    name: string;
	    developer: Developer;
	    summary: string;
	    iconUrl: string;
	    categories: string[];
	    type: string;
	    stats: Stats;
	    updatedAt: string;
	    noLongerListed: boolean;
	    descriptionHtml: string;
	    screenshots: Screenshot[];
	    scopes: Scope[];
	    consentScopes: Scope[];
	    oauth: OAuthClient;
	    configuration: Configuration;
	    links: Links;
	    deauthorizationUrl: string;
	    version: string;
	    releaseNotes: string;
	    publishedAt: string;
	    sourceName: string;
	
	    static createFrom(source: any = {}) {
	        return new Listing(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.developer = this.convertValues(source["developer"], Developer);
	        this.summary = source["summary"];
	        this.iconUrl = source["iconUrl"];
	        this.categories = source["categories"];
	        this.type = source["type"];
	        this.stats = this.convertValues(source["stats"], Stats);
	        this.updatedAt = source["updatedAt"];
	        this.noLongerListed = source["noLongerListed"];
	        this.descriptionHtml = source["descriptionHtml"];
	        this.screenshots = this.convertValues(source["screenshots"], Screenshot);
	        this.scopes = this.convertValues(source["scopes"], Scope);
	        this.consentScopes = this.convertValues(source["consentScopes"], Scope);
	        this.oauth = this.convertValues(source["oauth"], OAuthClient);
	        this.configuration = this.convertValues(source["configuration"], Configuration);
	        this.links = this.convertValues(source["links"], Links);
	        this.deauthorizationUrl = source["deauthorizationUrl"];
	        this.version = source["version"];
	        this.releaseNotes = source["releaseNotes"];
	        this.publishedAt = source["publishedAt"];
	        this.sourceName = source["sourceName"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Query {
	    text: string;
	    category: string;
	    developer: string;
	    type: string;
	    preApprovedOnly: boolean;
	    installedOnly: boolean;
	    sort: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.category = source["category"];
	        this.developer = source["developer"];
	        this.type = source["type"];
	        this.preApprovedOnly = source["preApprovedOnly"];
	        this.installedOnly = source["installedOnly"];
	        this.sort = source["sort"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class Results {
	    items: Card[];
	    total: number;
	    notices: string[];
	    suggestion: string;
	
	    static createFrom(source: any = {}) {
	        return new Results(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Card);
	        this.total = source["total"];
	        this.notices = source["notices"];
	        this.suggestion = source["suggestion"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class Source {
	    id: number;
	    kind: string;
	    location: string;
	    name: string;
	    listingCount: number;
	    lastSyncAt: string;
	    lastSuccessAt: string;
	    lastError: string;
	    trusted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Source(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.location = source["location"];
	        this.name = source["name"];
	        this.listingCount = source["listingCount"];
	        this.lastSyncAt = source["lastSyncAt"];
	        this.lastSuccessAt = source["lastSuccessAt"];
	        this.lastError = source["lastError"];
	        this.trusted = source["trusted"];
	    }
	}
	export class SourceResult {
	    source: string;
	    unchanged: boolean;
	    added: number;
	    updated: number;
	    removed: number;
	    skipped: EntryProblem[];
	    skippedMore: number;
	    error?: string;
	    offline: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SourceResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.unchanged = source["unchanged"];
	        this.added = source["added"];
	        this.updated = source["updated"];
	        this.removed = source["removed"];
	        this.skipped = this.convertValues(source["skipped"], EntryProblem);
	        this.skippedMore = source["skippedMore"];
	        this.error = source["error"];
	        this.offline = source["offline"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SyncStatus {
	    seq: number;
	    running: boolean;
	    phase: string;
	    source: string;
	    done: number;
	    total: number;
	    lastUpdatedAt: string;
	    offline: boolean;
	    results: SourceResult[];
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.running = source["running"];
	        this.phase = source["phase"];
	        this.source = source["source"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.lastUpdatedAt = source["lastUpdatedAt"];
	        this.offline = source["offline"];
	        this.results = this.convertValues(source["results"], SourceResult);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace install {
	
	export class Installation {
	    id: number;
	    listingId: string;
	    listingName: string;
	    level: string;
	    userId: number;
	    installedByName: string;
	    status: string;
	    requestedScopes: string[];
	    grantedScopes: string[];
	    grantedScopeWords: catalog.Scope[];
	    newScopeWords: catalog.Scope[];
	    tokenExpiresAt: string;
	    lastRefreshAt: string;
	    error: string;
	    createdAt: string;
	    noLongerListed: boolean;
	    configuredAt: string;
	    newScopes: string[];
	    authorizationChanged: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Installation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.listingId = source["listingId"];
	        this.listingName = source["listingName"];
	        this.level = source["level"];
	        this.userId = source["userId"];
	        this.installedByName = source["installedByName"];
	        this.status = source["status"];
	        this.requestedScopes = source["requestedScopes"];
	        this.grantedScopes = source["grantedScopes"];
	        this.grantedScopeWords = this.convertValues(source["grantedScopeWords"], catalog.Scope);
	        this.newScopeWords = this.convertValues(source["newScopeWords"], catalog.Scope);
	        this.tokenExpiresAt = source["tokenExpiresAt"];
	        this.lastRefreshAt = source["lastRefreshAt"];
	        this.error = source["error"];
	        this.createdAt = source["createdAt"];
	        this.noLongerListed = source["noLongerListed"];
	        this.configuredAt = source["configuredAt"];
	        this.newScopes = source["newScopes"];
	        this.authorizationChanged = source["authorizationChanged"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Progress {
	    installationId: number;
	    listingId: string;
	    phase: string;
	    authUrl: string;
	    status: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.installationId = source["installationId"];
	        this.listingId = source["listingId"];
	        this.phase = source["phase"];
	        this.authUrl = source["authUrl"];
	        this.status = source["status"];
	        this.message = source["message"];
	    }
	}

}

export namespace manage {
	
	export class FieldState {
	    key: string;
	    label: string;
	    help?: string;
	    type: string;
	    required: boolean;
	    default?: any;
	    min?: number;
	    max?: number;
	    options?: catalog.FieldOption[];
	    placeholder?: string;
	    value: any;
	    isSet: boolean;
	    note?: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.help = source["help"];
	        this.type = source["type"];
	        this.required = source["required"];
	        this.default = source["default"];
	        this.min = source["min"];
	        this.max = source["max"];
	        this.options = this.convertValues(source["options"], catalog.FieldOption);
	        this.placeholder = source["placeholder"];
	        this.value = source["value"];
	        this.isSet = source["isSet"];
	        this.note = source["note"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Message {
	    id: string;
	    kind: string;
	    listingId: string;
	    status: string;
	    attempts: number;
	    nextAttemptAt: string;
	    lastError: string;
	    waitingFor: string;
	    createdAt: string;
	    deliveredAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.listingId = source["listingId"];
	        this.status = source["status"];
	        this.attempts = source["attempts"];
	        this.nextAttemptAt = source["nextAttemptAt"];
	        this.lastError = source["lastError"];
	        this.waitingFor = source["waitingFor"];
	        this.createdAt = source["createdAt"];
	        this.deliveredAt = source["deliveredAt"];
	    }
	}
	export class SecretStatus {
	    listingId: string;
	    setAt: string;
	    setBy: string;
	    previousUntil: string;
	
	    static createFrom(source: any = {}) {
	        return new SecretStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.listingId = source["listingId"];
	        this.setAt = source["setAt"];
	        this.setBy = source["setBy"];
	        this.previousUntil = source["previousUntil"];
	    }
	}
	export class State {
	    installationId: number;
	    listingId: string;
	    kind: string;
	    fields: FieldState[];
	    externalUrl: string;
	    status: string;
	    missing: string[];
	    dropped: string[];
	    readOnly: boolean;
	    errors: Record<string, string>;
	    configuredAt: string;
	
	    static createFrom(source: any = {}) {
	        return new State(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.installationId = source["installationId"];
	        this.listingId = source["listingId"];
	        this.kind = source["kind"];
	        this.fields = this.convertValues(source["fields"], FieldState);
	        this.externalUrl = source["externalUrl"];
	        this.status = source["status"];
	        this.missing = source["missing"];
	        this.dropped = source["dropped"];
	        this.readOnly = source["readOnly"];
	        this.errors = source["errors"];
	        this.configuredAt = source["configuredAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace orgdesk {
	
	export class Status {
	    state: string;
	    server: string;
	    email: string;
	    name: string;
	    role: string;
	    manager: boolean;
	    userId: number;
	    account: string;
	    offlineSince: string;
	    message: string;
	    managed: boolean;
	    localMode: boolean;
	    policyFile: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.server = source["server"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.manager = source["manager"];
	        this.userId = source["userId"];
	        this.account = source["account"];
	        this.offlineSince = source["offlineSince"];
	        this.message = source["message"];
	        this.managed = source["managed"];
	        this.localMode = source["localMode"];
	        this.policyFile = source["policyFile"];
	    }
	}

}

export namespace sandbox {
	
	export class ReceivedNotice {
	    webhookId: string;
	    listingId: string;
	    receivedAt: string;
	    verified: boolean;
	    body: number[];
	
	    static createFrom(source: any = {}) {
	        return new ReceivedNotice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.webhookId = source["webhookId"];
	        this.listingId = source["listingId"];
	        this.receivedAt = source["receivedAt"];
	        this.verified = source["verified"];
	        this.body = source["body"];
	    }
	}

}

export namespace system {
	
	export class KeychainStatus {
	    reachable: boolean;
	    detail: string;
	    fix?: string;
	
	    static createFrom(source: any = {}) {
	        return new KeychainStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.reachable = source["reachable"];
	        this.detail = source["detail"];
	        this.fix = source["fix"];
	    }
	}
	export class About {
	    name: string;
	    version: string;
	    commit: string;
	    dataDir: string;
	    database: string;
	    schemaVersion: number;
	    supportedSchemaVersion: number;
	    keychain: KeychainStatus;
	    webview: string;
	    platform: string;
	    firstRunAt: string;
	
	    static createFrom(source: any = {}) {
	        return new About(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.dataDir = source["dataDir"];
	        this.database = source["database"];
	        this.schemaVersion = source["schemaVersion"];
	        this.supportedSchemaVersion = source["supportedSchemaVersion"];
	        this.keychain = this.convertValues(source["keychain"], KeychainStatus);
	        this.webview = source["webview"];
	        this.platform = source["platform"];
	        this.firstRunAt = source["firstRunAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

