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

