export * from './web-firewall';
export * from './web-firewall-options';
