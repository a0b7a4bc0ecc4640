#!/usr/bin/env python3
# Prints README.md's property reference, generated from the code: driver/.../config/AuroraProperty.java (names,
# defaults, aliases), rar-packaging/.../META-INF/ra.xml (adapter config properties, defaults) and the adapter's
# property table (ra-impl/.../AdapterProperty.java). Fails if an ra.xml default differs from the driver's or a config property is not mapped.
# The AWS JDBC wrapper column: names checked present in aws-advanced-jdbc-wrapper 4.3.0's classes.
# Run: python3 ear-example/tools/property-table.py
import re, xml.etree.ElementTree as ET
import os
root=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..') + '/'
src=open(root+'driver/src/main/java/dev/aurorajca/driver/config/AuroraProperty.java').read()
props=[]
for m in re.finditer(r'^\s+([A-Z_]+)\("([^"]+)", "([^"]*)", "((?:[^"\\]|\\.)*)"((?:, "[^"]+")*)\)[,;]', src, re.M):
    aliases=re.findall(r'"([^"]+)"', m.group(5))
    props.append(dict(const=m.group(1), key=m.group(2), default=m.group(3), desc=m.group(4), aliases=aliases))
ns={'j':'https://jakarta.ee/xml/ns/jakartaee'}
t=ET.parse(root+'rar-packaging/src/main/rar/META-INF/ra.xml')
ra={}
for cp in t.getroot().iter('{https://jakarta.ee/xml/ns/jakartaee}config-property'):
    name=cp.find('j:config-property-name',ns).text
    val=cp.find('j:config-property-value',ns)
    ra[name]=dict(default=val.text if val is not None else '', desc=' '.join(cp.find('j:description',ns).text.split()))
mcf=open(root+'ra-impl/src/main/java/dev/aurorajca/ra/AdapterProperty.java').read()
bean={m.group(2):m.group(1) for m in re.finditer(r'^\s+[A-Z_]+\("([A-Za-z]+)", \w+\.class, AuroraProperty\.([A-Z_]+)\)', mcf, re.M)}
# AWS JDBC wrapper 4.3.0 names, checked against the jar's class constants (same spelling as ours unless listed).
aws_same={'readerHostSelectorStrategy','roundRobinHostWeightPairs','roundRobinDefaultWeight','failoverMode','failoverTimeoutMs',
 'enableConnectFailover','clusterId','clusterInstanceHostPattern','clusterTopologyRefreshRateMs','clusterTopologyHighRefreshRateMs',
 'failureDetectionEnabled','failureDetectionTime','failureDetectionInterval','failureDetectionCount','monitorDisposalTime',
 'iamRegion','iamHost','iamDefaultPort','iamTokenExpiration','awsProfile','connectTimeout','socketTimeout',
 # AwsSecretsManagerConnectionPlugin's properties.
 'secretsManagerSecretId','secretsManagerRegion','secretsManagerEndpoint','secretsManagerSecretUsernameProperty',
 'secretsManagerSecretPasswordProperty','secretsManagerExpirationTimeSec',
 # CustomEndpointPlugin's properties.
 'customEndpointRegion','customEndpointInfoRefreshRateMs','waitForCustomEndpointInfo','waitForCustomEndpointInfoTimeoutMs',
 # BlueGreenConnectionPlugin's / BlueGreenStatusProvider's properties.
 'bgdId','bgConnectTimeoutMs','bgSwitchoverTimeoutMs','bgBaselineMs','bgIncreasedMs','bgHighMs'}
aws_other={'secretsManagerConnectRetryTimeoutMs':'`secretsManagerConnectRetryTimeoutMs` (4.4 and later)','plugins':'`wrapperPlugins`','dialect':'`wrapperDialect` (not an alias: rename it to `dialect`)','readOnly':'— (`Connection.setReadOnly`)'}
def code(s): return '`'+s+'`' if s else '—'
rows=[]
rows.append('| adapter config property (ra.xml) | driver property (aliases accepted) | default | seed (Python wrapper) | AWS JDBC wrapper | what it does |')
rows.append('|---|---|---|---|---|---|')
for name in ['ClusterEndpoint','Port','Database','User','Password']:
    drv={'ClusterEndpoint':'URL host','Port':'URL port','Database':'URL database','User':'`user`','Password':'`password`'}[name]
    rows.append(f"| `{name}` | {drv} | {code(ra[name]['default'])} | — | {drv} | {ra[name]['desc']} |")
for p in props:
    b=bean.get(p['const'])
    # The seed's names as design.md (decision 7) records them: plugins, read_only, reader_host_selector_strategy.
    seed=['plugins'] if p['key']=='plugins' else [a for a in p['aliases'] if '_' in a]
    seedtxt=', '.join(code(a) for a in seed) if seed else '—'
    drv=code(p['key'])+(' ('+', '.join(code(a) for a in p['aliases'])+')' if p['aliases'] else '')
    aws=code(p['key']) if p['key'] in aws_same else aws_other.get(p['key'],'— (aurora-jca only)')
    if b:
        rdef=ra[b]['default']
        assert rdef==p['default'] or (rdef=='' and p['default']==''), (b, rdef, p['default'])
    desc=p['desc'].replace('\\"','"').replace('|','\\|')
    rows.append(f"| {code(b) if b else '— (`DriverProperties`)'} | {drv} | {code(p['default'])} | {seedtxt} | {aws} | {desc} |")
rows.append(f"| `DriverProperties` | — | — | — | — | {ra['DriverProperties']['desc']} |")
missing=set(ra)-set(bean.values())-{'ClusterEndpoint','Port','Database','User','Password','DriverProperties'}
assert not missing, missing
print('\n'.join(rows))
